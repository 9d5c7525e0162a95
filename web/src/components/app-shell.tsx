import { useEffect, useId, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { appRoutes } from '../app-routes.js';
import { useCurrentUser, useSession } from '../session/session.js';
import { Brand } from './brand.js';
import { Icon } from './icons.js';

/** The logged-in frame: brand, navigation built from the route registry, the user, and the page. */
export function AppShell() {
  const user = useCurrentUser();
  const { logOut } = useSession();
  const location = useLocation();
  const [isMenuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const navItems = appRoutes.filter((route) => route.navVisible(user.role));

  // A phone-width menu closes once the user has picked a page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className={isMenuOpen ? 'shell shell--menu-open' : 'shell'}>
      <header className="shell__bar">
        <Brand to="/explore" />
        <button
          type="button"
          className="shell__menu-button icon-button"
          aria-expanded={isMenuOpen}
          aria-controls={navId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name={isMenuOpen ? 'close' : 'menu'} />
          <span className="visually-hidden">Menu</span>
        </button>
      </header>
      <nav id={navId} className="shell__nav" aria-label="Main">
        <ul>
          {navItems.map((route) => (
            <li key={route.path}>
              <NavLink to={route.path} className="nav-link">
                {route.icon && <Icon name={route.icon} />}
                <span>{route.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="shell__user">
          <span className="avatar" aria-hidden="true">
            {initialOf(user.displayName)}
          </span>
          <span className="shell__user-name" data-testid="current-user">
            {user.displayName}
          </span>
          <button type="button" className="icon-button" onClick={() => void logOut()} title="Log out">
            <Icon name="logout" />
            <span className="visually-hidden">Log out</span>
          </button>
        </div>
      </nav>
      <main className="shell__main" id="main">
        <Outlet />
      </main>
    </div>
  );
}

function initialOf(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}
