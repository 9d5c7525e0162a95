import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { formatDateTime } from '../../components/format-date.js';
import { formErrorsOf } from '../../forms/form-errors.js';
import { billingApi, type Earnings } from '../wallet/billing-api.js';
import '../wallet/wallet.css';

/** A creator's earnings: balance, sales by kind, recent sales, payout requests. */
export function EarningsPage() {
  const [earnings, setEarnings] = useState<Earnings | null>(null);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async () => {
    try {
      setEarnings(await billingApi.earnings());
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function requestPayout(event: FormEvent) {
    event.preventDefault();
    const credits = Number(amount);
    if (!Number.isInteger(credits) || credits <= 0) {
      setError('Enter a whole number of credits.');
      return;
    }
    try {
      await billingApi.requestPayout(credits);
      setNotice(`Payout of ${credits} credits requested.`);
      setError(undefined);
      setAmount('');
      await load();
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }

  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>Earnings</h1>
      </header>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="form-message">{notice}</p>}
      {earnings && (
        <>
          <section className="card wallet-summary" aria-label="Earnings balance">
            <div>
              <span className="muted">Available</span>
              <strong className="wallet-balance" data-testid="earnings-balance">
                {earnings.balance} credits
              </strong>
              <span className="muted">
                You keep {earnings.creatorSharePercent}% of every sale. Payouts start at{' '}
                {earnings.payoutThreshold} credits.
              </span>
            </div>
            {earnings.byKind.map((row) => (
              <div key={row.kind}>
                <span className="muted">{row.kind}</span>
                <strong>{row.earned} earned</strong>
                <span className="muted">
                  {row.count} sales, {row.gross} gross{row.refunded ? `, ${row.refunded} refunded` : ''}
                </span>
              </div>
            ))}
          </section>
          <section className="card" aria-labelledby="payout-heading">
            <h2 id="payout-heading">Request a payout</h2>
            <form className="inline-form" onSubmit={requestPayout} noValidate>
              <label>
                Credits{' '}
                <input
                  inputMode="numeric"
                  value={amount}
                  onChange={(event) => setAmount(event.target.value)}
                />
              </label>
              <button
                type="submit"
                className="button button--primary"
                disabled={earnings.balance < earnings.payoutThreshold}
              >
                Request payout
              </button>
            </form>
            <ul aria-label="Payouts">
              {earnings.payouts.map((payout) => (
                <li key={payout.id}>
                  {formatDateTime(payout.createdAt)} — {payout.credits} credits —{' '}
                  <strong>{payout.status}</strong>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="sales-heading">
            <h2 id="sales-heading">Recent sales</h2>
            {earnings.recent.length === 0 ? (
              <p className="muted">No sales yet.</p>
            ) : (
              <table className="wallet-history" aria-label="Recent sales">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col" className="numeric">
                      Price
                    </th>
                    <th scope="col" className="numeric">
                      You earned
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {earnings.recent.map((sale) => (
                    <tr key={sale.id}>
                      <td>{formatDateTime(sale.createdAt)}</td>
                      <td>{sale.kind}</td>
                      <td className="numeric">{sale.credits}</td>
                      <td className="numeric positive">+{sale.creatorCredits}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}
