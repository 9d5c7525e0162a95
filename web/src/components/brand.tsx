import { Link } from 'react-router';

/** The Hearth wordmark with its flame. */
export function Brand({ to = '/' }: { to?: string }) {
  return (
    <Link to={to} className="brand">
      <svg className="brand__mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true">
        <path
          d="M32 6c5 10 17 17 17 32a17 17 0 0 1-34 0c0-9 5-14 9-19 1 6 4 9 7 10-2-10 0-17 1-23z"
          fill="currentColor"
        />
      </svg>
      <span>Hearth</span>
    </Link>
  );
}
