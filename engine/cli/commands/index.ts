/** Every `desk` command. Each domain adds its command file here. */
import type { Command } from '../io';
import { backtestCommand } from './backtest';
import { chatsCommand } from './chats';
import { demoCommand } from './demo';
import { elasticityCommand } from './elasticity';
import { exportCommand } from './export';
import { forecastCommand } from './forecast';
import { importCommand } from './import';
import { infoCommand } from './info';
import { planCommand } from './plan';
import { priceCommand } from './price';
import { recsCommand } from './recs';
import { serveCommand } from './serve';
import { initCommand } from './init';
import { checkCommand } from './check';
import { imagesCommand } from './images';
import { keypointsCommand } from './keypoints';
import { tryonCommand } from './tryon';
import { intentsCommand, sentimentCommand } from './text-models';

/** The command table, in help order. */
export const commands: Command[] = [infoCommand, initCommand, checkCommand, serveCommand, importCommand, elasticityCommand, exportCommand, demoCommand, priceCommand, forecastCommand, backtestCommand, planCommand, imagesCommand, recsCommand, keypointsCommand, tryonCommand,
  // Customer-service chats (issue 13).
  chatsCommand, sentimentCommand, intentsCommand,
];
