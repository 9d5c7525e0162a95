import { ApiError, requestJson } from '../../api/client.js';

/** Typed client for the characters API (src/characters/routes.ts). */
export type Rating = 'sfw' | 'nsfw';
export type Visibility = 'private' | 'unlisted' | 'public';
export type CatalogSort = 'popular' | 'new' | 'trending';

export interface DesignDoc {
  version?: number;
  name: string;
  tagline: string;
  description: string;
  archetype: string;
  age: number | string | null;
  pronouns: string;
  backstory: string;
  emotionalSignature: string;
  speechRhythm: {
    sentenceLength: 'short' | 'medium' | 'long' | 'varied';
    vocabulary: string;
    emojiUse: 'none' | 'rare' | 'moderate' | 'frequent';
    verbalQuirks: string[];
  };
  attachmentStyle: string;
  humour: string;
  relationshipGoals: string;
  boundaries: string[];
  tabooTopics: string[];
  visualIdentity: { description: string; avatarRef: string | null };
  greetings: string[];
  exampleDialogues: { user: string; character: string }[];
  scenario: string;
  runtime?: RuntimeRules;
  rating: Rating;
  tags: string[];
  visibility: Visibility;
  status?: 'draft' | 'published' | 'locked';
}

export interface RuntimeRules {
  familiarityPace: { toAcquaintance: number; toFriend: number; toClose: number; meaningfulMinChars: number };
  followUpQuestions: 'rare' | 'sometimes' | 'often';
  media: { when: 'never' | 'on_request' | 'contextual' | 'often'; notes: string };
  reactions: { silence: string; jealousy: string; praise: string; refusal: string };
  proactive: { enabled: boolean; afterHoursOfSilence: number; maxPerDay: number; style: string };
  notes: string;
}

export interface Character {
  id: string;
  slug: string;
  ownerId: string;
  creatorName: string | null;
  name: string;
  tagline: string;
  description: string;
  tags: string[];
  rating: Rating;
  visibility: Visibility;
  status: 'draft' | 'published' | 'locked';
  official: boolean;
  version: number;
  forkedFrom: string | null;
  allowFork: boolean;
  avatarUrl: string | null;
  thumbnailUrl: string | null;
  favourites: number;
  chats7d: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  greeting: string;
  doc: DesignDoc;
  viewer: { isOwner: boolean; canEdit: boolean; canFork: boolean; isFavourite: boolean };
}

export interface CharacterListItem {
  id: string;
  slug: string;
  name: string;
  tagline: string;
  tags: string[];
  rating: Rating;
  visibility: Visibility;
  status: string;
  official: boolean;
  creatorName: string | null;
  thumbnailUrl: string | null;
  favourites: number;
  chats7d: number;
  publishedAt: string | null;
}

export interface CatalogQuery {
  q?: string;
  tag?: string;
  rating?: Rating | '';
  sort?: CatalogSort;
  cursor?: string | null;
  mine?: boolean;
}

const characterPath = (id: string) => `/api/characters/${encodeURIComponent(id)}`;

/** Multipart upload of one file in the field `file` (import, avatar). */
async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  const response = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin' });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? 'The upload failed.',
      error?.details,
    );
  }
  return body as T;
}

export const charactersApi = {
  list: (query: CatalogQuery) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.tag) params.set('tag', query.tag);
    if (query.rating) params.set('rating', query.rating);
    if (query.sort) params.set('sort', query.sort);
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.mine) params.set('mine', 'true');
    return requestJson<{ items: CharacterListItem[]; nextCursor: string | null }>(
      'GET',
      `/api/characters?${params}`,
    );
  },
  get: (id: string) => requestJson<{ character: Character }>('GET', characterPath(id)),
  create: (doc: DesignDoc, allowFork: boolean) =>
    requestJson<{ character: Character }>('POST', '/api/characters', { body: { doc, allowFork } }),
  update: (id: string, doc: DesignDoc, allowFork: boolean) =>
    requestJson<{ character: Character }>('PATCH', characterPath(id), { body: { doc, allowFork } }),
  remove: (id: string) => requestJson<void>('DELETE', characterPath(id)),
  publish: (id: string, visibility: 'public' | 'unlisted') =>
    requestJson<{ character: Character }>('POST', `${characterPath(id)}/publish`, { body: { visibility } }),
  unpublish: (id: string) => requestJson<{ character: Character }>('POST', `${characterPath(id)}/unpublish`),
  fork: (id: string) => requestJson<{ character: Character }>('POST', `${characterPath(id)}/fork`),
  versions: (id: string) =>
    requestJson<{ versions: { version: number; createdAt: string }[] }>(
      'GET',
      `${characterPath(id)}/versions`,
    ),
  favourite: (id: string, on: boolean) =>
    requestJson<void>(on ? 'POST' : 'DELETE', `${characterPath(id)}/favourite`),
  report: (id: string, reason: string, details: string) =>
    requestJson<{ report: { id: string } }>('POST', `${characterPath(id)}/report`, {
      body: { reason, details },
    }),
  promptPreview: (id: string) =>
    requestJson<{ systemPrompt: string; tokens: number; greeting: string }>(
      'GET',
      `${characterPath(id)}/prompt-preview`,
    ),
  uploadAvatar: (id: string, file: File) =>
    upload<{ character: Character }>(`${characterPath(id)}/avatar`, file),
  importCard: (file: File) => upload<{ character: Character }>('/api/characters/import', file),
  exportUrl: (id: string, format: 'png' | 'json' | 'charx') => `${characterPath(id)}/export?format=${format}`,
};

export function emptyDoc(): DesignDoc {
  return {
    name: '',
    tagline: '',
    description: '',
    archetype: '',
    age: null,
    pronouns: '',
    backstory: '',
    emotionalSignature: '',
    speechRhythm: { sentenceLength: 'medium', vocabulary: '', emojiUse: 'rare', verbalQuirks: [] },
    attachmentStyle: '',
    humour: '',
    relationshipGoals: '',
    boundaries: [],
    tabooTopics: [],
    visualIdentity: { description: '', avatarRef: null },
    greetings: [''],
    exampleDialogues: [],
    scenario: '',
    runtime: {
      familiarityPace: { toAcquaintance: 3, toFriend: 12, toClose: 30, meaningfulMinChars: 40 },
      followUpQuestions: 'sometimes',
      media: { when: 'on_request', notes: '' },
      reactions: { silence: '', jealousy: '', praise: '', refusal: '' },
      proactive: { enabled: false, afterHoursOfSilence: 24, maxPerDay: 1, style: '' },
      notes: '',
    },
    rating: 'sfw',
    tags: [],
    visibility: 'private',
  };
}

/** `{{char}}`/`{{user}}` filled in, as the server does for the first message of a chat. */
export function previewGreeting(greeting: string, name: string, userName: string): string {
  return greeting
    .replace(/\{\{\s*char\s*\}\}|<BOT>/gi, name || 'Character')
    .replace(/\{\{\s*user\s*\}\}|<USER>/gi, userName);
}
