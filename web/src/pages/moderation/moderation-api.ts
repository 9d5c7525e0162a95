import { requestJson } from '../../api/client.js';

/** Client for the review queue and enforcement API (src/safety/routes.ts). */
export interface QueueItem {
  id: string;
  source: 'flag' | 'report' | 'publish';
  status: string;
  direction: string;
  subjectUserId: string | null;
  subjectDisplayName: string | null;
  subjectStatus: string | null;
  reporterId: string | null;
  characterId: string | null;
  chatId: string | null;
  content: string;
  context: { role: string; content: string }[];
  categories: { category: string; score: number; source: string; rules: string[] }[];
  actionTaken: string;
  reason: string;
  /** A crisis reply was sent: someone may be at risk. */
  urgent: boolean;
  createdAt: string;
  ageSeconds: number;
}

export interface Decision {
  decision: 'dismiss' | 'uphold' | 'escalate';
  note?: string;
  strike?: boolean;
  suspendDays?: number;
  ban?: boolean;
}

export const moderationApi = {
  queue: (status = 'pending') =>
    requestJson<{ items: QueueItem[]; nextCursor: string | null }>(
      'GET',
      `/api/moderation/queue?status=${encodeURIComponent(status)}`,
    ),
  decide: (id: string, decision: Decision) =>
    requestJson<{ id: string; status: string; enforcement: string }>(
      'POST',
      `/api/moderation/items/${encodeURIComponent(id)}/decision`,
      { body: decision },
    ),
  suspend: (userId: string, reason: string, days?: number) =>
    requestJson<{ status: string; endsAt: string | null }>(
      'POST',
      `/api/moderation/users/${encodeURIComponent(userId)}/suspend`,
      { body: days ? { reason, days } : { reason } },
    ),
  ban: (userId: string, reason: string) =>
    requestJson<{ status: string }>('POST', `/api/moderation/users/${encodeURIComponent(userId)}/ban`, {
      body: { reason },
    }),
  reinstate: (userId: string, note: string) =>
    requestJson<{ status: string }>('POST', `/api/moderation/users/${encodeURIComponent(userId)}/reinstate`, {
      body: { note },
    }),
};

/** "3 min", "2 h", "4 d": how long an item has waited. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}
