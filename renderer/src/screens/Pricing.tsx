/** Pricing screen: until its feature lands, what the store holds for it and what will appear here. */
import type { ReactNode } from 'react';
import { AreaOverview } from '../components/AreaOverview';

/** The Pricing screen. */
export function PricingScreen(): ReactNode {
  return <AreaOverview area="pricing" titleKey="nav.pricing" />;
}
