import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Brand } from './brand.js';

/** Frame for the pages a visitor sees before logging in. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <header className="public__bar">
        <Brand />
        <nav aria-label="Account" className="public__links">
          <Link to="/login" className="button button--ghost">
            Log in
          </Link>
          <Link to="/signup" className="button button--primary">
            Sign up
          </Link>
        </nav>
      </header>
      <main className="public__main" id="main">
        {children}
      </main>
      <footer className="public__footer">
        <p>
          <strong>Adults only.</strong> Hearth is for people aged 18 and over. Characters are fictional; their
          words come from an AI.
        </p>
      </footer>
    </div>
  );
}
