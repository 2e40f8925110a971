/** The navigation table: one entry per screen. Other features add their screen here. */
import { lazy, type ComponentType } from 'react';
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

// The dashboard is in the first bundle (it is the first paint); every other screen loads when opened.
const InventoryScreen = lazy(() => import('./Inventory').then((m) => ({ default: m.InventoryScreen })));
const PlanningScreen = lazy(() => import('./Planning').then((m) => ({ default: m.PlanningScreen })));
const PricingScreen = lazy(() => import('./Pricing').then((m) => ({ default: m.PricingScreen })));
const RecommendationsScreen = lazy(() => import('./Recommendations').then((m) => ({ default: m.RecommendationsScreen })));
const VisualSearchScreen = lazy(() => import('./VisualSearch').then((m) => ({ default: m.VisualSearchScreen })));
const ChatsScreen = lazy(() => import('./Chats').then((m) => ({ default: m.ChatsScreen })));
const TryOnScreen = lazy(() => import('./TryOn').then((m) => ({ default: m.TryOnScreen })));
const DataScreen = lazy(() => import('./Data').then((m) => ({ default: m.DataScreen })));
const SettingsScreen = lazy(() => import('./Settings').then((m) => ({ default: m.SettingsScreen })));

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
