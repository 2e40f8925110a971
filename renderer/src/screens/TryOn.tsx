/** TryOn screen: until its feature lands, what the store holds for it and what will appear here. */
import type { ReactNode } from 'react';
import { AreaOverview } from '../components/AreaOverview';

/** The TryOn screen. */
export function TryOnScreen(): ReactNode {
  return <AreaOverview area="tryon" titleKey="nav.tryon" />;
}
