import { type FormEvent, type KeyboardEvent, useId, useLayoutEffect, useRef, useState } from 'react';
import { Icon } from '../../components/icons.js';

export interface ComposerProps {
  characterName: string;
  isStreaming: boolean;
  isDisabled?: boolean;
  maxLength?: number;
  onSend(content: string): Promise<boolean>;
  onStop(): void;
}

/** The message box: Enter sends, Shift+Enter adds a line; while a reply streams, Send becomes Stop. */
export function Composer({
  characterName,
  isStreaming,
  isDisabled,
  maxLength = 4000,
  onSend,
  onStop,
}: ComposerProps) {
  const [draft, setDraft] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  // Grow with the text up to a few lines, then scroll inside.
  // biome-ignore lint/correctness/useExhaustiveDependencies: measures again whenever the text changes
  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
  }, [draft]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const content = draft.trim();
    if (!content || isStreaming || isDisabled) return;
    setDraft('');
    const isAccepted = await onSend(content);
    // A refused message (e.g. out of credits) comes back so nothing typed is lost.
    if (!isAccepted) setDraft((current) => current || content);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit} aria-label="Send a message">
      <label htmlFor={id} className="visually-hidden">
        Message {characterName}
      </label>
      <textarea
        id={id}
        ref={textareaRef}
        className="composer__input"
        rows={1}
        value={draft}
        maxLength={maxLength}
        placeholder={`Message ${characterName}…`}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={isDisabled}
      />
      {isStreaming ? (
        <button type="button" className="composer__button composer__button--stop" onClick={onStop}>
          <Icon name="stop" size={18} />
          <span className="visually-hidden">Stop</span>
        </button>
      ) : (
        <button type="submit" className="composer__button" disabled={isDisabled || !draft.trim()}>
          <Icon name="send" size={18} />
          <span className="visually-hidden">Send</span>
        </button>
      )}
    </form>
  );
}
