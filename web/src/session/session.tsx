import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, accountsApi, setUnauthorizedListener, type User } from '../api/client.js';

/** Why nobody is logged in: decides where the app sends the visitor and what it tells them. */
export type SignedOutReason = 'never' | 'logged-out' | 'deleted' | 'expired';

export type SessionState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null; reason: SignedOutReason }
  | { status: 'authenticated'; user: User };

export interface Session {
  state: SessionState;
  /** Call after signup/login with the user the server returned. */
  signedIn(user: User): void;
  /** Replace the cached user after a profile change. */
  updateUser(user: User): void;
  logOut(): Promise<void>;
  /** Forget the user locally, e.g. after account deletion. */
  forget(reason: SignedOutReason): void;
}

const SessionContext = createContext<Session | null>(null);

/** Loads `GET /api/me` once and keeps the current user for the whole app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', user: null });

  const forget = useCallback(
    (reason: SignedOutReason) => setState({ status: 'anonymous', user: null, reason }),
    [],
  );

  useEffect(() => {
    let isCurrent = true;
    accountsApi
      .me()
      .then(({ user }) => {
        if (isCurrent) setState({ status: 'authenticated', user });
      })
      .catch((error: unknown) => {
        if (!isCurrent) return;
        if (!(error instanceof ApiError) || error.status !== 401)
          console.warn('Could not load session', error);
        setState({ status: 'anonymous', user: null, reason: 'never' });
      });
    // Only a session that was live can expire; the boot-time 401 for visitors is not news.
    setUnauthorizedListener(() =>
      setState((previous) =>
        previous.status === 'authenticated'
          ? { status: 'anonymous', user: null, reason: 'expired' }
          : previous,
      ),
    );
    return () => {
      isCurrent = false;
      setUnauthorizedListener(undefined);
    };
  }, []);

  const session = useMemo<Session>(
    () => ({
      state,
      signedIn: (user) => setState({ status: 'authenticated', user }),
      updateUser: (user) => setState({ status: 'authenticated', user }),
      logOut: async () => {
        try {
          await accountsApi.logout();
        } finally {
          forget('logged-out');
        }
      },
      forget,
    }),
    [state, forget],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider> above it');
  return session;
}

/** The logged-in user; only for components rendered inside the authenticated shell. */
export function useCurrentUser(): User {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useCurrentUser outside the authenticated shell');
  return state.user;
}
