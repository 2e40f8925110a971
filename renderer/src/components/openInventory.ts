/** Opens the Inventory screen searched for one SKU (the hand-over Inventory reads when it opens). */
export function openInInventory(sku: string): void {
  sessionStorage.setItem('desk.inventory.q', sku);
  window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'inventory' }));
}
