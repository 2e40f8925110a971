// Lint rules, including the process boundaries from STYLE.md, enforced per folder.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'url', 'stream', 'util', 'module', 'events'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'renderer/dist/**', 'main/dist/**', 'engine/dist/**', 'dist/**', 'release/**', 'tests/artifacts/**', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine is a plain Node library: no Electron, no React, no renderer code.
    files: ['engine/**/*.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['electron', 'react', 'react-dom'],
        patterns: [{ group: ['**/renderer/**', '**/main/**', 'react/*', '@mantine/*'], message: 'engine/ must not import UI or Electron code' }],
      }],
    },
  },
  {
    // Models: TensorFlow.js code only; no SQL, no UI, no engine internals.
    files: ['models/**/*.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['electron', 'react', 'react-dom', 'better-sqlite3'],
        patterns: [{ group: ['**/engine/db/**', '**/renderer/**', '**/main/**'], message: 'models/ holds model code only: the engine feeds it arrays' }],
      }],
    },
  },
  {
    // The renderer talks to the engine only through its typed client; types from engine/api are allowed.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          ...['electron', 'better-sqlite3', 'pino', 'sharp'].map((name) => ({ name, message: 'renderer/ runs in the page: no Node, Electron or database modules' })),
        ],
        patterns: [
          { group: nodeBuiltins, message: 'renderer/ runs in the page: no Node built-ins' },
          { group: ['@tensorflow/*'], message: 'models run in the engine, not the page' },
          { group: ['**/engine/**', '**/models/**', '**/main/**'], allowTypeImports: true, message: 'renderer/ may only `import type` from the engine; call it through the client' },
        ],
      }],
    },
  },
  {
    // The Electron shell is thin: window, menu, dialogs, security, relay.
    files: ['main/**/*.ts'],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['react', 'react-dom', 'better-sqlite3'],
        patterns: [{ group: ['@tensorflow/*', '**/renderer/**', '**/models/**'], message: 'main/ only relays to the engine process' }],
      }],
    },
  },
  {
    // Node's recursive mkdir spins forever under /proc and /sys (a path the user names may lie there): use makeDirs.
    files: ['engine/**/*.ts', 'models/**/*.ts', 'main/**/*.ts'],
    ignores: ['engine/fs/mkdirs.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name=/^mkdir(Sync)?$/] Property[key.name='recursive']",
        message: 'use makeDirs (engine/fs/mkdirs.ts): mkdir with recursive: true never returns under /proc or /sys',
      }, {
        selector: "CallExpression[callee.property.name=/^mkdir(Sync)?$/] Property[key.name='recursive']",
        message: 'use makeDirs (engine/fs/mkdirs.ts): mkdir with recursive: true never returns under /proc or /sys',
      }],
    },
  },
);
