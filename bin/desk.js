#!/usr/bin/env node
// Entry of the `desk` command: loads the TypeScript engine through tsx and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../engine/cli/main.ts');
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
