import { accountsApi } from '../../api/client.js';

export function AccountDataSection() {
  return (
    <section className="card settings-section" aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p className="muted">
        Download everything Hearth stores about you — profile, chats, characters, memories — as one JSON file.
      </p>
      {/* A plain link: the session cookie rides along and the server sends it as an attachment. */}
      <a className="button" href={accountsApi.exportUrl} download="hearth-export.json">
        Export my data
      </a>
    </section>
  );
}
