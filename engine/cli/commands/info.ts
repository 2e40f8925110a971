/** `desk info --store FILE [--json]`: schema version, table counts, date range, compute backend. */
import { withStore } from '../store-arg';
import { printJson, type Command } from '../io';

/** The info command. */
export const infoCommand: Command = {
  name: 'info',
  usage: 'desk info --store FILE [--json]',
  summary: 'Show what a store holds and which compute backend runs the models',
  flags: { store: 'string' },
  run: (args) =>
    withStore(args, 'info', async (engine) => {
      const info = await engine.invoke('store.info', { backend: true });
      if (args.json) return printJson(info);
      const w = (s: string): boolean => process.stdout.write(s + '\n');
      w(`Store          ${info.path}`);
      w(`Schema         v${info.schemaVersion}`);
      w(`Size           ${(info.sizeBytes / 1e6).toFixed(1)} MB`);
      w(`Sales dates    ${info.salesDateRange.from ?? '—'} … ${info.salesDateRange.to ?? '—'}`);
      w(`Compute        ${info.backend?.name ?? '—'}`);
      w('Tables');
      for (const [t, n] of Object.entries(info.counts)) w(`  ${t.padEnd(20)} ${n.toLocaleString('en-US').padStart(12)}`);
    }),
};
