import { Link } from 'react-router';
import { homePath } from '../paths.js';

export function NotFoundPage() {
  return (
    <section className="page">
      <div className="empty-state">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link to={homePath} className="button button--primary">
          Back to Hearth
        </Link>
      </div>
    </section>
  );
}

export function NotAllowedPage() {
  return (
    <section className="page">
      <div className="empty-state">
        <h1>Not allowed</h1>
        <p>Your account does not have access to this page.</p>
      </div>
    </section>
  );
}
