/** `desk info --store FILE [--json]`: schema version, table counts, date range, compute backend. */
import { tr } from '../../i18n';
import { probeBackend } from '../../../models/backend-probe';
import { withStore } from '../store-arg';
import { printJson, type Command } from '../io';
import { cliMessages } from '../messages';

/** The info command. */
export const infoCommand: Command = {
  name: 'info',
  usage: 'desk info --store FILE [--check-backend] [--json]',
  summary: { en: 'Show what a store holds and which compute backend runs the models', zh: '显示店铺文件里有什么数据，以及模型用哪个计算后端运行' },
  flags: { store: 'string', 'check-backend': 'boolean' },
  run: (args) =>
    withStore(args, 'info', async (engine) => {
      // Starting TensorFlow.js takes seconds; without --check-backend the backend is found from what is installed.
      const check = args.flags['check-backend'] === true;
      const raw = await engine.invoke('store.info', { backend: check });
      const info = { ...raw, backend: raw.backend ? { ...raw.backend, started: true } : probeBackend() };
      if (args.json) return printJson(info);
      const label = (key: string): string => {
        const s = tr(cliMessages, args.lang, key);
        // Chinese characters take two columns in a terminal.
        const width = [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
        return s + ' '.repeat(Math.max(1, 15 - width));
      };
      const w = (s: string): boolean => process.stdout.write(s + '\n');
      w(`${label('info_store')}${info.path}`);
      w(`${label('info_schema')}v${info.schemaVersion}`);
      w(`${label('info_size')}${(info.sizeBytes / 1048576).toFixed(1)} MB`); // 1 MB = 1,048,576 bytes, as the app and the upload limit count
      w(`${label('info_sales')}${info.salesDateRange.from ?? '—'} … ${info.salesDateRange.to ?? '—'}`);
      w(`${label('info_compute')}${info.backend.name}${info.backend.started ? '' : ` ${tr(cliMessages, args.lang, 'info_notStarted')}`}`);
      const training = 'training' in info.backend ? info.backend.training : null;
      if (training) {
        const m = (key: string, params: Record<string, unknown> = {}): string => tr(cliMessages, args.lang, key, params);
        w(`${label('info_training')}${training.gpu ? m('info_trainingGpu', { gpu: training.gpu }) : m('info_trainingCpu', { backend: training.name, why: m(`gpu_${training.code ?? 'failed'}`) })}`);
      }
      w(tr(cliMessages, args.lang, 'info_tables'));
      for (const [t, n] of Object.entries(info.counts)) w(`  ${t.padEnd(20)} ${n.toLocaleString('en-US').padStart(12)}`);
    }),
};
