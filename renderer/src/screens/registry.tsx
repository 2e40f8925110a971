/** The navigation table: one entry per screen. Other features add their screen here. */
import type { ComponentType } from 'react';
import {
  IconBoxSeam,
  IconDatabase,
  IconEye,
  IconHanger,
  IconLayoutDashboard,
  IconMessages,
  IconTruckDelivery,
  IconPhotoSearch,
  IconSettings,
  IconTags,
  type Icon,
} from '@tabler/icons-react';
import { DashboardScreen } from './Dashboard';
import { InventoryScreen } from './Inventory';
import { PlanningScreen } from './Planning';
import { PricingScreen } from './Pricing';
import { RecommendationsScreen } from './Recommendations';
import { VisualSearchScreen } from './VisualSearch';
import { ChatsScreen } from './Chats';
import { TryOnScreen } from './TryOn';
import { DataScreen } from './Data';
import { SettingsScreen } from './Settings';

/** One screen of the sidebar. `labelKey` is an i18n key under nav.* */
export interface ScreenDef {
  id: string;
  labelKey: string;
  icon: Icon;
  component: ComponentType;
}

/** Screens in sidebar order. */
export const screens: ScreenDef[] = [
  { id: 'dashboard', labelKey: 'nav.dashboard', icon: IconLayoutDashboard, component: DashboardScreen },
  { id: 'inventory', labelKey: 'nav.inventory', icon: IconBoxSeam, component: InventoryScreen },
  { id: 'planning', labelKey: 'nav.planning', icon: IconTruckDelivery, component: PlanningScreen },
  { id: 'pricing', labelKey: 'nav.pricing', icon: IconTags, component: PricingScreen },
  { id: 'recommendations', labelKey: 'nav.recommendations', icon: IconEye, component: RecommendationsScreen },
  { id: 'visual', labelKey: 'nav.visual', icon: IconPhotoSearch, component: VisualSearchScreen },
  { id: 'chats', labelKey: 'nav.chats', icon: IconMessages, component: ChatsScreen },
  { id: 'tryon', labelKey: 'nav.tryon', icon: IconHanger, component: TryOnScreen },
  { id: 'data', labelKey: 'nav.data', icon: IconDatabase, component: DataScreen },
  { id: 'settings', labelKey: 'nav.settings', icon: IconSettings, component: SettingsScreen },
];
