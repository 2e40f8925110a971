/** Recommendations screen: until its feature lands, what the store holds for it and what will appear here. */
import type { ReactNode } from 'react';
import { AreaOverview } from '../components/AreaOverview';

/** The Recommendations screen. */
export function RecommendationsScreen(): ReactNode {
  return <AreaOverview area="recommendations" titleKey="nav.recommendations" />;
}
