import type { ReactNode } from 'react';

/** The honest empty state for a page whose feature has not shipped yet: no fake data. */
export function ComingSoon({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="page">
      <header className="page__header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state">
        <div className="empty-state__glow" aria-hidden="true" />
        <h2>Coming soon</h2>
        <p>{children ?? 'This part of Hearth is still being built.'}</p>
      </div>
    </section>
  );
}
