import { memo, useId, useState } from 'react';
import { Icon } from '../../components/icons.js';
import type { ChatMessage } from './chat-messages.js';
import { CharacterAvatar } from './character-avatar.js';
import { MarkdownText } from './markdown.js';
import { MessageMedia } from './message-media.js';

export interface MessageActions {
  onSwipe(message: ChatMessage, index: number): void;
  onEdit(message: ChatMessage, content: string, options?: { regenerate?: boolean }): Promise<boolean>;
  onDelete(message: ChatMessage): void;
  onRegenerate(): void;
  onContinue(): void;
}

export interface MessageItemProps extends MessageActions {
  message: ChatMessage;
  characterName: string;
  avatarUrl: string | null;
  /** The newest message, which regenerate and continue act on. */
  isLast: boolean;
  /** A turn is streaming: actions that would change history wait. */
  isBusy: boolean;
}

const statusNotes: Partial<Record<ChatMessage['status'], string>> = {
  stopped: 'Stopped',
  blocked: 'Safety reply',
  error: 'The reply failed',
};

export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { message, characterName, isLast, isBusy } = props;
  const [isEditing, setEditing] = useState(false);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const isReply = message.role === 'assistant';
  const canAct = !isBusy && !message.isLocal && !message.isStreaming;
  const isUnanswered = !isReply && message.status === 'error';
  // The crisis reply (issue 15 item 5) is set apart: it carries help lines, not the story.
  const isCrisis = message.safetyCode === 'self_harm_support';
  const note = message.isStreaming
    ? undefined
    : isUnanswered
      ? 'Not answered'
      : isCrisis
        ? 'Support resources — you are not alone'
        : statusNotes[message.status];

  return (
    <li
      className={`message message--${message.role}${message.isStreaming ? ' message--streaming' : ''}${isCrisis ? ' message--crisis' : ''}`}
      data-safety-code={message.safetyCode}
      data-message-id={message.id}
      data-status={message.isStreaming ? 'streaming' : message.status}
      aria-busy={message.isStreaming || undefined}
    >
      {isReply && <CharacterAvatar name={characterName} url={props.avatarUrl} size={32} />}
      <div className="message__body">
        <span className="visually-hidden">{isReply ? `${characterName}:` : 'You:'}</span>
        {isEditing ? (
          <EditForm message={message} onDone={() => setEditing(false)} onEdit={props.onEdit} />
        ) : (
          <div className="message__bubble">
            {message.isStreaming && !message.content ? (
              <TypingIndicator name={characterName} />
            ) : (
              <MarkdownText text={message.content} />
            )}
            <MessageMedia media={message.media ?? []} characterName={characterName} />
          </div>
        )}
        {(note || message.errorText) && (
          <p className={`message__note message__note--${message.status}`}>
            {note}
            {message.errorText && `: ${message.errorText}`}
            {isUnanswered && isLast && canAct && (
              <button
                type="button"
                className="button button--small message__retry"
                onClick={props.onRegenerate}
              >
                Retry
              </button>
            )}
          </p>
        )}
        {!isEditing && canAct && (
          <div className="message__actions">
            {isReply && message.swipeCount > 1 && (
              <div className="swipes">
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label="Previous reply"
                  disabled={message.swipeIndex === 0}
                  onClick={() => props.onSwipe(message, message.swipeIndex - 1)}
                >
                  <Icon name="back" size={16} />
                </button>
                <span className="swipes__count">
                  <span aria-hidden="true">
                    {message.swipeIndex + 1}/{message.swipeCount}
                  </span>
                  <span className="visually-hidden">
                    Reply {message.swipeIndex + 1} of {message.swipeCount}
                  </span>
                </span>
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label="Next reply"
                  disabled={message.swipeIndex >= message.swipeCount - 1}
                  onClick={() => props.onSwipe(message, message.swipeIndex + 1)}
                >
                  <Icon name="forward" size={16} />
                </button>
              </div>
            )}
            {isReply && isLast && message.status !== 'blocked' && (
              <>
                <ActionButton icon="refresh" label="Regenerate reply" onClick={props.onRegenerate} />
                <ActionButton icon="continue" label="Continue reply" onClick={props.onContinue} />
              </>
            )}
            {message.status !== 'blocked' && (
              <ActionButton icon="edit" label="Edit message" onClick={() => setEditing(true)} />
            )}
            {isConfirmingDelete ? (
              <span className="confirm-inline">
                Delete this message?
                <button
                  type="button"
                  className="button button--danger button--small"
                  onClick={() => props.onDelete(message)}
                >
                  Delete
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  onClick={() => setConfirmingDelete(false)}
                >
                  Keep
                </button>
              </span>
            ) : (
              <ActionButton icon="trash" label="Delete message" onClick={() => setConfirmingDelete(true)} />
            )}
          </div>
        )}
      </div>
    </li>
  );
});

function ActionButton({
  icon,
  label,
  onClick,
}: {
  icon: 'refresh' | 'continue' | 'edit' | 'trash';
  label: string;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      className="icon-button icon-button--small"
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      <Icon name={icon} size={16} />
    </button>
  );
}

function TypingIndicator({ name }: { name: string }) {
  return (
    <span className="typing" role="status">
      <span className="visually-hidden">{name} is typing…</span>
      <span className="typing__dot" />
      <span className="typing__dot" />
      <span className="typing__dot" />
    </span>
  );
}

function EditForm({
  message,
  onEdit,
  onDone,
}: {
  message: ChatMessage;
  onEdit: MessageActions['onEdit'];
  onDone(): void;
}) {
  const [draft, setDraft] = useState(message.content);
  const [isSaving, setSaving] = useState(false);
  const id = useId();
  const isUnchanged = draft.trim() === message.content.trim() || !draft.trim();

  async function save(regenerate: boolean) {
    setSaving(true);
    const isSaved = await onEdit(message, draft.trim(), { regenerate });
    setSaving(false);
    if (isSaved) onDone();
  }

  return (
    <form
      className="message__edit"
      aria-label="Edit message"
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Message text
      </label>
      <textarea id={id} value={draft} onChange={(event) => setDraft(event.target.value)} rows={4} />
      <div className="button-row">
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={isSaving || isUnchanged}
        >
          Save
        </button>
        {message.role === 'user' && (
          <button
            type="button"
            className="button button--small"
            disabled={isSaving || !draft.trim()}
            onClick={() => void save(true)}
            title="Save, drop the later messages and get a new reply"
          >
            Save &amp; regenerate
          </button>
        )}
        <button type="button" className="button button--ghost button--small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
