import { useCallback, useEffect, useState } from 'react';
import { formatDate, formatDateTime } from '../../components/format-date.js';
import { formErrorsOf } from '../../forms/form-errors.js';
import { billingApi, formatMoney, type Prices, type Wallet, type WalletLine } from './billing-api.js';
import './wallet.css';

/** Balance, buying credits, Premium status, and the paginated wallet history with CSV export. */
export function WalletPage() {
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [prices, setPrices] = useState<Prices | null>(null);
  const [lines, setLines] = useState<WalletLine[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [nextWallet, nextPrices, page] = await Promise.all([
        billingApi.wallet(),
        billingApi.prices(),
        billingApi.history(),
      ]);
      setWallet(nextWallet);
      setPrices(nextPrices);
      setLines(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    } finally {
      setBusy(false);
    }
  }

  const buy = (body: { kind: 'credits'; packId: string } | { kind: 'premium' }) =>
    run(async () => {
      const { url } = await billingApi.checkout(body);
      window.location.assign(url);
    });

  const loadMore = () =>
    run(async () => {
      if (!cursor) return;
      const page = await billingApi.history(cursor);
      setLines((current) => [...current, ...page.items]);
      setCursor(page.nextCursor);
    });

  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>Wallet</h1>
      </header>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {wallet && (
        <section className="card wallet-summary" aria-label="Balance">
          <div>
            <span className="muted">Balance</span>
            <strong className="wallet-balance" data-testid="wallet-balance">
              {wallet.balance} credits
            </strong>
            {wallet.held > 0 && <span className="muted">{wallet.held} held for replies in progress</span>}
          </div>
          <div>
            <span className="muted">Plan</span>
            <strong>{wallet.tier === 'premium' ? 'Premium' : 'Basic'}</strong>
            <span className="muted">
              {wallet.usedToday} of {wallet.dailyMessages} free messages used today
            </span>
          </div>
        </section>
      )}
      {wallet && prices && (
        <section className="card" aria-labelledby="buy-heading">
          <h2 id="buy-heading">Buy credits</h2>
          {wallet.payments ? (
            <div className="pack-list">
              {prices.packs.map((pack) => (
                <button
                  key={pack.id}
                  type="button"
                  className="button pack"
                  disabled={busy}
                  onClick={() => buy({ kind: 'credits', packId: pack.id })}
                >
                  <strong>{pack.credits} credits</strong>
                  <span>{formatMoney(pack.priceMinor, prices.currency)}</span>
                </button>
              ))}
            </div>
          ) : (
            <p className="muted">
              Card payments are not set up on this server. Ask an admin to grant you credits.
            </p>
          )}
          <p className="muted">
            Messages: plain {prices.messages.plain} (free within your daily allowance), romantic{' '}
            {prices.messages.romantic}, adult {prices.messages.adult}. Photo {prices.photo}, voice{' '}
            {prices.voiceMinute}
            /min.
          </p>
        </section>
      )}
      {wallet && prices && (
        <section className="card" aria-labelledby="premium-heading">
          <h2 id="premium-heading">Premium</h2>
          {wallet.premium ? (
            <>
              <p>
                Status: <strong>{wallet.premium.status.replace('_', ' ')}</strong> —{' '}
                {wallet.premium.cancelAtPeriodEnd ? 'ends' : 'renews'} on{' '}
                {formatDate(wallet.premium.currentPeriodEnd)}.
              </p>
              {!wallet.premium.cancelAtPeriodEnd && (
                <button
                  type="button"
                  className="button button--danger-ghost"
                  disabled={busy}
                  onClick={() =>
                    run(async () => {
                      await billingApi.cancelPremium();
                      await load();
                    })
                  }
                >
                  Cancel Premium
                </button>
              )}
            </>
          ) : (
            <>
              <p className="muted">
                {prices.tiers.premium.dailyMessages} free messages a day,{' '}
                {prices.tiers.premium.monthlyCredits} credits every month and the larger model, for{' '}
                {formatMoney(prices.tiers.premium.priceMinor, prices.currency)}/month.
              </p>
              {wallet.payments && (
                <button
                  type="button"
                  className="button button--primary"
                  disabled={busy}
                  onClick={() => buy({ kind: 'premium' })}
                >
                  Get Premium
                </button>
              )}
            </>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="history-heading">
        <div className="wallet-history__header">
          <h2 id="history-heading">History</h2>
          <a className="button button--ghost button--small" href={billingApi.csvUrl} download>
            Export CSV
          </a>
        </div>
        {lines.length === 0 ? (
          <p className="muted">No transactions yet.</p>
        ) : (
          <table className="wallet-history" aria-label="Wallet history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col" className="numeric">
                  Credits
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id}>
                  <td>{formatDateTime(line.createdAt)}</td>
                  <td>{line.memo}</td>
                  <td className={line.amount < 0 ? 'numeric negative' : 'numeric positive'}>
                    {line.amount > 0 ? `+${line.amount}` : line.amount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && (
          <button type="button" className="button button--ghost" disabled={busy} onClick={loadMore}>
            Load more
          </button>
        )}
      </section>
    </section>
  );
}
