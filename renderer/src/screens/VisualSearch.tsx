/** VisualSearch screen: until its feature lands, what the store holds for it and what will appear here. */
import type { ReactNode } from 'react';
import { AreaOverview } from '../components/AreaOverview';

/** The VisualSearch screen. */
export function VisualSearchScreen(): ReactNode {
  return <AreaOverview area="visual" titleKey="nav.visual" />;
}
