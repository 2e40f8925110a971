/** Chats screen: until its feature lands, what the store holds for it and what will appear here. */
import type { ReactNode } from 'react';
import { AreaOverview } from '../components/AreaOverview';

/** The Chats screen. */
export function ChatsScreen(): ReactNode {
  return <AreaOverview area="chats" titleKey="nav.chats" />;
}
