import { useEffect, useRef, useState } from 'react';
import { formErrorsOf } from '../../forms/form-errors.js';
import { billingApi, type Gift, newIdempotencyKey } from './billing-api.js';

/**
 * The gift tray for a chat: `<GiftPicker chatId={id} onSent={…} />`. One Idempotency-Key per chosen
 * gift is kept until it succeeds, so a double click or a retry after a network error charges once.
 */
export function GiftPicker({
  chatId,
  onSent,
}: {
  chatId: string;
  onSent?: (gift: Gift, balance: number) => void;
}) {
  const [gifts, setGifts] = useState<Gift[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pendingKeys = useRef(new Map<string, string>());

  useEffect(() => {
    billingApi
      .gifts()
      .then((result) => setGifts(result.gifts))
      .catch((caught) => setError(formErrorsOf(caught, []).form));
  }, []);

  async function send(gift: Gift) {
    const key = pendingKeys.current.get(gift.id) ?? newIdempotencyKey();
    pendingKeys.current.set(gift.id, key);
    setBusy(true);
    try {
      const result = await billingApi.sendGift(chatId, gift.id, key);
      pendingKeys.current.delete(gift.id);
      setError(undefined);
      onSent?.(gift, result.balance);
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="gift-picker" aria-label="Send a gift">
      {gifts.map((gift) => (
        <button
          key={gift.id}
          type="button"
          className="button button--ghost gift"
          disabled={busy}
          onClick={() => send(gift)}
        >
          <span aria-hidden="true">{gift.emoji}</span> {gift.name} · {gift.credits}
        </button>
      ))}
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error} <a href="/wallet?buy=1">Buy credits</a>
        </p>
      )}
    </fieldset>
  );
}
