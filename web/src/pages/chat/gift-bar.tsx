import { useEffect, useState } from 'react';
import { billingApi, type Gift } from '../wallet/billing-api.js';
import { GiftPicker } from '../wallet/gift-picker.js';
import '../wallet/wallet.css';
import './gift-bar.css';

export interface GiftBarProps {
  chatId: string;
  /** True while a reply streams: a gift then would race the reply it should cause. */
  isDisabled: boolean;
  /** Called once per charged gift; the chat then shows it and asks for the character's reaction. */
  onSent(gift: Gift): void;
}

/** A gift button above the composer that opens the gift tray, with the wallet balance beside it. */
export function GiftBar({ chatId, isDisabled, onSent }: GiftBarProps) {
  const [isOpen, setOpen] = useState(false);
  const [balance, setBalance] = useState<number | null>(null);
  const [lastSpent, setLastSpent] = useState<Gift | null>(null);

  // The balance may have changed elsewhere (another tab, a reply's price), so read it on each opening.
  useEffect(() => {
    if (!isOpen) return;
    let isCurrent = true;
    billingApi
      .wallet()
      .then((wallet) => isCurrent && setBalance(wallet.balance))
      .catch(() => {});
    return () => {
      isCurrent = false;
    };
  }, [isOpen]);

  return (
    <div className="gift-bar">
      <div className="gift-bar__row">
        <button
          type="button"
          className="button button--ghost button--small"
          aria-expanded={isOpen}
          disabled={isDisabled}
          onClick={() => setOpen((open) => !open)}
        >
          <span aria-hidden="true">🎁</span> Gift
        </button>
        {balance !== null && (
          <output className="gift-bar__balance" data-testid="chat-balance" aria-live="polite">
            {balance} credits
            {lastSpent && (
              <span className="muted">
                {' '}
                (−{lastSpent.credits} for {lastSpent.emoji} {lastSpent.name})
              </span>
            )}
          </output>
        )}
      </div>
      {isOpen && !isDisabled && (
        <div className="gift-bar__tray">
          <GiftPicker
            chatId={chatId}
            onSent={(gift, newBalance) => {
              setBalance(newBalance);
              setLastSpent(gift);
              setOpen(false);
              onSent(gift);
            }}
          />
        </div>
      )}
    </div>
  );
}
