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
  // Chat craft (issue 20, migration 0040); defaults apply when a writer leaves them out.
  /** The persona the user speaks as here; null means their default persona (or display name). */
  persona_id: ColumnType<string | null, string | null | undefined, string | null>;
  pinned: Defaulted<number>;
  archived: Defaulted<number>;
  folder: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON array of the user's lowercase tags for this chat. */
  tags: Defaulted<string>;
  /** Messages newer than this are unread (null: never opened). */
  last_read_at: ColumnType<string | null, string | null | undefined, string | null>;
  branched_from_chat_id: ColumnType<string | null, string | null | undefined, string | null>;
  branched_from_message_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 while the title is the automatic one; the first exchange then names the chat. */
  title_is_auto: Defaulted<number>;
  author_note: Defaulted<string>;
  /** Messages back from the newest where the note goes (0 = after the last message). */
  author_note_depth: Defaulted<number>;
  /** Insert the note every N user messages (1 = always, 0 = never). */
  author_note_frequency: Defaulted<number>;
  /** The API key (or `session`) whose `/v1` calls opened the chat; null for chats of the web UI. */
  api_key_id: ColumnType<string | null, string | null | undefined, string | null>;
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;

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
  /** Hash of the text that last passed input moderation (migration 0011); null = never checked. */
  moderated_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A user's personas: who they are in a chat (`{{user}}`); the memory profile stays per user. */
export interface PersonasTable {
  id: string;
  user_id: string;
  name: string;
  description: string;
  pronouns: string | null;
  /** A small image as a `data:` URL (size-limited by the route). */
  avatar: string | null;
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface ChatTables {
  chats: ChatsTable;
  messages: MessagesTable;
  personas: PersonasTable;
}

export type ChatRow = Selectable<ChatsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type PersonaRow = Selectable<PersonasTable>;
