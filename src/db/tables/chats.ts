import type { ColumnType, Selectable } from 'kysely';

export interface ChatsTable {
  id: string;
  user_id: string;
  /** The character's id (characters layer); not a foreign key so layers stay independent. */
  character_id: string;
  title: string;
  /** Conversation key chosen by an OpenAI-compatible client (its `user` field); null for UI chats. */
  external_key: string | null;
  created_at: string;
  updated_at: string;
  last_message_at: string;
  /** Counts writes to the chat's messages (triggers, migration 0008); the history cache checks it. */
  history_revision: ColumnType<number, number | undefined, number>;
}

export interface MessagesTable {
  /** UUIDv7: ordering by id is ordering by creation, and ids are the history cursors. */
  id: string;
  chat_id: string;
  role: 'user' | 'assistant';
  /** The selected swipe's text (denormalised so history pages need no JSON work). */
  content: string;
  status: 'complete' | 'stopped' | 'blocked' | 'error';
  /** JSON array of alternatives `{content, status, createdAt}`; the selected one is `swipe_index`. */
  swipes: string;
  swipe_index: number;
  /** plain | romantic | adult, as priced; null for user messages. */
  kind: string | null;
  /** JSON array of media refs attached to the reply. */
  media: string;
  created_at: string;
  updated_at: string;
}

export interface ChatTables {
  chats: ChatsTable;
  messages: MessagesTable;
}

export type ChatRow = Selectable<ChatsTable>;
export type MessageRow = Selectable<MessagesTable>;
