/** Opens the Inventory screen searched for one SKU (the hand-over Inventory reads when it opens). */
export function openInInventory(sku: string): void {
  sessionStorage.setItem('desk.inventory.q', sku);
  window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'inventory' }));
}

/** Opens the Inventory screen showing every product under `days` days of cover (the Dashboard's low-cover alert, all of it). */
export function openLowCoverInInventory(days: number): void {
  sessionStorage.setItem('desk.inventory.cover', String(days));
  window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'inventory' }));
}

/** Opens the Planning screen with its Forecast & plan button focused (what fills Inventory's forecast columns). */
export function openForecastInPlanning(): void {
  sessionStorage.setItem('desk.planning.focus', 'run-forecast');
  window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'planning' }));
}
