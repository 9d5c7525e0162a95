import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { formatDateTime } from '../../components/format-date.js';
import { formErrorsOf } from '../../forms/form-errors.js';
import { billingApi, type Finance, type LedgerReport, type Payout } from '../wallet/billing-api.js';
import '../wallet/wallet.css';

/** Admin finance: revenue, open holds, the payout queue, ledger verification and manual grants. */
export function AdminFinancePage() {
  const [finance, setFinance] = useState<Finance | null>(null);
  const [report, setReport] = useState<LedgerReport | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [grant, setGrant] = useState({ email: '', amount: '', reason: '' });

  const load = useCallback(async () => {
    try {
      setFinance(await billingApi.finance());
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(action: () => Promise<string>) {
    try {
      setNotice(await action());
      setError(undefined);
      await load();
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }

  const decide = (payout: Payout, decision: 'approve' | 'reject' | 'paid') =>
    act(async () => {
      const note =
        decision === 'approve'
          ? undefined
          : (window.prompt('Note (transfer reference or reason)') ?? undefined);
      await billingApi.decidePayout(payout.id, decision, note);
      return `Payout ${decision === 'paid' ? 'marked paid' : `${decision}d`}.`;
    });

  function submitGrant(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const result = await billingApi.grant(grant.email.trim(), Number(grant.amount), grant.reason.trim());
      setGrant({ email: '', amount: '', reason: '' });
      return `Granted. The user's balance is now ${result.balance}.`;
    });
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1>Finance</h1>
      </header>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="form-message">{notice}</p>}
      {finance && (
        <div className="finance-grid">
          <section className="card" aria-label="Revenue">
            <span className="muted">Platform revenue</span>
            <strong className="wallet-balance">{finance.revenue.total} credits</strong>
            <ul>
              {finance.revenue.last30DaysByKind.map((row) => (
                <li key={row.kind}>
                  {row.kind}: {row.credits} (30 days)
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-label="Open holds">
            <span className="muted">Open holds</span>
            <strong className="wallet-balance">{finance.openHolds.count}</strong>
            <span className="muted">{finance.openHolds.credits} credits held</span>
          </section>
          <section className="card" aria-label="Ledger verification">
            <span className="muted">Ledger</span>
            <button
              type="button"
              className="button"
              onClick={() =>
                act(async () => {
                  const result = await billingApi.verifyLedger();
                  setReport(result);
                  return result.ok ? 'Ledger verified.' : 'Ledger mismatch!';
                })
              }
            >
              Verify ledger
            </button>
            {report && (
              <p data-testid="ledger-report">
                {report.ok ? 'OK' : 'MISMATCH'}: {report.transactions} transactions, {report.entries} entries,
                total {report.total}
              </p>
            )}
            {report?.problems.map((problem) => (
              <p key={problem} className="negative">
                {problem}
              </p>
            ))}
          </section>
        </div>
      )}
      <section className="card" aria-labelledby="grant-heading">
        <h2 id="grant-heading">Grant credits</h2>
        <form className="inline-form" onSubmit={submitGrant} aria-label="Grant credits">
          <label>
            Email{' '}
            <input
              type="email"
              value={grant.email}
              onChange={(event) => setGrant({ ...grant, email: event.target.value })}
            />
          </label>
          <label>
            Credits{' '}
            <input
              inputMode="numeric"
              value={grant.amount}
              onChange={(event) => setGrant({ ...grant, amount: event.target.value })}
            />
          </label>
          <label>
            Reason{' '}
            <input
              value={grant.reason}
              onChange={(event) => setGrant({ ...grant, reason: event.target.value })}
            />
          </label>
          <button type="submit" className="button button--primary">
            Grant
          </button>
        </form>
      </section>
      {finance && (
        <section className="card" aria-labelledby="queue-heading">
          <h2 id="queue-heading">Payout queue</h2>
          {finance.payoutQueue.length === 0 ? (
            <p className="muted">No payouts waiting.</p>
          ) : (
            <table className="wallet-history" aria-label="Payout queue">
              <tbody>
                {finance.payoutQueue.map((payout) => (
                  <tr key={payout.id}>
                    <td>{formatDateTime(payout.createdAt)}</td>
                    <td>{payout.creatorUserId}</td>
                    <td className="numeric">{payout.credits}</td>
                    <td>{payout.status}</td>
                    <td className="button-row">
                      {payout.status === 'requested' && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => decide(payout, 'approve')}
                        >
                          Approve
                        </button>
                      )}
                      {payout.status === 'approved' && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => decide(payout, 'paid')}
                        >
                          Mark paid
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--danger-ghost button--small"
                        onClick={() => decide(payout, 'reject')}
                      >
                        Reject
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </section>
  );
}
