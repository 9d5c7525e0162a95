import { Link } from 'react-router';
import { PublicLayout } from '../components/public-layout.js';

export function LandingPage() {
  return (
    <PublicLayout>
      <section className="hero">
        <p className="badge badge--adult">18+ only</p>
        <h1>A warm place for your AI companions.</h1>
        <p className="hero__lead">
          Hearth is a self-hosted home for characters you chat with — they remember you, keep their own voice,
          and live on a server you control.
        </p>
        <p className="hero__adult" data-testid="adult-notice">
          Hearth is for adults (18+) only. You must be at least 18 years old to create an account or use it.
        </p>
        <div className="hero__actions">
          <Link to="/signup" className="button button--primary button--large">
            Create an account
          </Link>
          <Link to="/login" className="button button--ghost button--large">
            I already have one
          </Link>
        </div>
      </section>
      <section className="features" aria-label="What Hearth offers">
        <article className="feature">
          <h2>Characters with memory</h2>
          <p>Companions recall what matters to you across conversations — and you can see and edit it.</p>
        </article>
        <article className="feature">
          <h2>Your server, your data</h2>
          <p>Run it yourself. Export everything you wrote as JSON, or delete your account at any time.</p>
        </article>
        <article className="feature">
          <h2>Open by design</h2>
          <p>An OpenAI-compatible API with personal keys, and character cards you can import and export.</p>
        </article>
      </section>
    </PublicLayout>
  );
}
