import type { ReactNode } from 'react';
import type { Role } from './api/client.js';
import type { IconName } from './components/icons.js';
import { CharacterPage } from './pages/characters/character-page.js';
import { CreatePage } from './pages/characters/create-page.js';
import { EditorPage } from './pages/characters/editor-page.js';
import { ExplorePage } from './pages/characters/explore-page.js';
import { ChatPage } from './pages/chat/chat-page.js';
import { ChatsPage } from './pages/chat/chats-page.js';
import { MemoryPage } from './pages/memory/memory-page.js';
import { ModerationPage } from './pages/moderation/moderation-page.js';
import { NewChatPage } from './pages/chat/new-chat-page.js';
import { SettingsPage } from './pages/settings/settings-page.js';
import { WalletPage } from './pages/wallet/wallet-page.js';
import { EarningsPage } from './pages/finance/earnings-page.js';
import { AdminFinancePage } from './pages/finance/admin-finance-page.js';
import { hasRole } from './session/roles.js';

/**
 * Every page inside the logged-in app shell. To add a page, add ONE entry here: the shell builds
 * both the router and the navigation from this list (in this order).
 */
export interface AppRoute {
  /** A react-router path, e.g. `/chats` or `/chats/:chatId`. */
  path: string;
  /** The nav label; also names the page in this list. */
  label: string;
  element: ReactNode;
  /** Whether the nav shows a link for a user of this role. Hidden routes stay reachable by URL. */
  navVisible: (role: Role) => boolean;
  /** Who may open the page at all (default: any logged-in user); others see a "not allowed" page. */
  requiredRole?: Role;
  icon?: IconName;
}

const always = (): boolean => true;
/** For sub-pages such as a single chat: routed, but not a nav item. */
export const navHidden = (): boolean => false;

export const appRoutes: AppRoute[] = [
  {
    path: '/explore',
    label: 'Explore',
    icon: 'explore',
    navVisible: always,
    element: <ExplorePage />,
  },
  { path: '/characters/new', label: 'New character', navVisible: navHidden, element: <EditorPage /> },
  { path: '/characters/:characterId', label: 'Character', navVisible: navHidden, element: <CharacterPage /> },
  {
    path: '/characters/:characterId/memory',
    label: 'Memory',
    navVisible: navHidden,
    element: <MemoryPage />,
  },
  {
    path: '/characters/:characterId/edit',
    label: 'Edit character',
    navVisible: navHidden,
    element: <EditorPage />,
  },
  { path: '/chats', label: 'Chats', icon: 'chats', navVisible: always, element: <ChatsPage /> },
  { path: '/chats/new', label: 'New chat', navVisible: navHidden, element: <NewChatPage /> },
  { path: '/chats/:chatId', label: 'Chat', navVisible: navHidden, element: <ChatPage /> },
  {
    path: '/create',
    label: 'Create',
    icon: 'create',
    navVisible: always,
    element: <CreatePage />,
  },
  { path: '/wallet', label: 'Wallet', icon: 'wallet', navVisible: always, element: <WalletPage /> },
  {
    path: '/earnings',
    label: 'Earnings',
    icon: 'wallet',
    navVisible: (role) => hasRole(role, 'creator'),
    element: <EarningsPage />,
  },
  {
    path: '/admin/finance',
    label: 'Finance',
    icon: 'wallet',
    navVisible: (role) => hasRole(role, 'admin'),
    requiredRole: 'admin',
    element: <AdminFinancePage />,
  },
  { path: '/settings', label: 'Settings', icon: 'settings', navVisible: always, element: <SettingsPage /> },
  {
    path: '/moderation',
    label: 'Moderation',
    icon: 'moderation',
    navVisible: (role) => hasRole(role, 'moderator'),
    requiredRole: 'moderator',
    element: <ModerationPage />,
  },
];
