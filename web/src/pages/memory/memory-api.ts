import { requestJson, send } from '../../api/client.js';

/** Client for the memory panel's API (what a character remembers about the caller). */
export interface MemoryItem {
  id: string;
  kind: 'fact' | 'turn' | 'summary';
  text: string;
  subject: string | null;
  importance: number;
  validAt: string | null;
  invalidAt: string | null;
  supersededBy: string | null;
  rangeStart: string | null;
  rangeEnd: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileEntry {
  field: string;
  value: string | string[];
}

export interface MemoryOverview {
  facts: { current: MemoryItem[]; past: MemoryItem[] };
  summaries: MemoryItem[];
  moments: MemoryItem[];
  profile: ProfileEntry[];
}

export const PROFILE_FIELDS = [
  'name',
  'pronouns',
  'birthday',
  'location',
  'work',
  'people',
  'likes',
  'dislikes',
  'important_dates',
] as const;
export const LIST_FIELDS = new Set(['people', 'likes', 'dislikes', 'important_dates']);

const base = (characterId: string) => `/api/characters/${encodeURIComponent(characterId)}/memories`;

export const memoryApi = {
  overview: (characterId: string, q?: string) =>
    requestJson<MemoryOverview>(
      'GET',
      q ? `${base(characterId)}?q=${encodeURIComponent(q)}` : base(characterId),
    ),
  edit: (id: string, changes: { text?: string; importance?: number }) =>
    requestJson<{ memory: MemoryItem }>('PATCH', `/api/memories/${encodeURIComponent(id)}`, {
      body: changes,
    }),
  remove: (id: string) => requestJson<void>('DELETE', `/api/memories/${encodeURIComponent(id)}`),
  editProfile: (characterId: string, fields: Record<string, string | string[] | null>) =>
    requestJson<{ profile: ProfileEntry[] }>('PATCH', `${base(characterId)}/profile`, { body: fields }),
  forgetAll: (characterId: string) =>
    requestJson<{ removed: number }>('POST', `${base(characterId)}/forget-all`),
  exportJson: async (characterId: string) => (await send('GET', `${base(characterId)}/export`)).blob(),
};
