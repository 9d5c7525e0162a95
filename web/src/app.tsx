import { type ReactNode, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router';
import { type AppRoute, appRoutes } from './app-routes.js';
import { AppShell } from './components/app-shell.js';
import { LandingPage } from './pages/landing-page.js';
import { LoginPage } from './pages/login-page.js';
import { NotAllowedPage, NotFoundPage } from './pages/status-pages.js';
import { SignupPage } from './pages/signup-page.js';
import { safeNextPath } from './paths.js';
import { hasRole } from './session/roles.js';
import { SessionProvider, useSession } from './session/session.js';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <AppRouter />
      </BrowserRouter>
    </SessionProvider>
  );
}

function AppRouter() {
  const { state } = useSession();
  if (state.status === 'loading') {
    return (
      <div className="boot" role="status">
        <span className="spinner" aria-hidden="true" />
        <span className="visually-hidden">Loading Hearth…</span>
      </div>
    );
  }
  return (
    <Routes>
      <Route path="/" element={<VisitorsOnly>{<LandingPage />}</VisitorsOnly>} />
      <Route path="/signup" element={<VisitorsOnly>{<SignupPage />}</VisitorsOnly>} />
      <Route path="/login" element={<VisitorsOnly>{<LoginPage />}</VisitorsOnly>} />
      <Route
        element={
          <MembersOnly>
            <AppShell />
          </MembersOnly>
        }
      >
        {appRoutes.map((route) => (
          <Route key={route.path} path={route.path} element={<RoleGate route={route} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * Logged-in users skip the landing and auth pages: right after logging in this sends them on to
 * `?next=` (or home). Pages never navigate after a session change themselves, because react-router
 * runs navigations as transitions and the session update would win the race.
 */
function VisitorsOnly({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const [searchParams] = useSearchParams();
  if (state.status === 'authenticated')
    return <Navigate to={safeNextPath(searchParams.get('next'))} replace />;
  return children;
}

/** Visitors are sent to log in, and (unless they just left on purpose) come back here afterwards. */
function MembersOnly({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'authenticated') return children;
  const reason = state.status === 'anonymous' ? state.reason : 'never';
  if (reason === 'logged-out') return <Navigate to="/login" replace />;
  if (reason === 'deleted') return <Navigate to="/login?notice=deleted" replace />;
  const next = encodeURIComponent(location.pathname + location.search);
  const notice = reason === 'expired' ? '&notice=expired' : '';
  return <Navigate to={`/login?next=${next}${notice}`} replace />;
}

function RoleGate({ route }: { route: AppRoute }) {
  const { state } = useSession();
  useEffect(() => {
    document.title = `${route.label} · Hearth`;
  }, [route.label]);
  if (route.requiredRole && state.user && !hasRole(state.user.role, route.requiredRole)) {
    return <NotAllowedPage />;
  }
  return route.element;
}
