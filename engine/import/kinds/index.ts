/** Every import kind by its CLI/API name. A new kind is one file declaring a KindDef, added here. */
import type { KindDef } from '../types';
import { browsingEventsKind } from './browsing-events';
import { chatsKind } from './chats';
import { competitorPricesKind } from './competitor-prices';
import { dailySalesKind } from './daily-sales';
import { inventoryKind } from './inventory';
import { kbKind } from './kb';
import { ordersKind } from './orders';
import { productsKind } from './products';
import { signalsKind } from './signals';

/** All import kinds, in the order the UI lists them. */
export const importKinds: readonly KindDef[] = [
  productsKind, inventoryKind, ordersKind, dailySalesKind, competitorPricesKind, browsingEventsKind, signalsKind,
  // Customer-service chats (issue 13).
  chatsKind, kbKind,
];

/** Import kind names. */
export const IMPORT_KIND_NAMES = importKinds.map((k) => k.name) as [string, ...string[]];

/** A kind by name, or undefined. */
export function findKind(name: string): KindDef | undefined {
  return importKinds.find((k) => k.name === name);
}
