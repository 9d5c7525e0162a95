/**
 * A small typed client for Hearth's JSON API. Cookies ride along (`same-origin`); the server's CSRF
 * check reads the Origin header the browser adds to every POST/PATCH/DELETE on its own.
 */

export type Role = 'user' | 'creator' | 'moderator' | 'admin';

export interface User {
  id: string;
  email: string;
  displayName: string;
  birthDate: string;
  adultAttestedAt: string;
  role: Role;
  status: 'active' | 'suspended' | 'banned' | 'deleted';
  statusReason: string | null;
  nsfwOptIn: boolean;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** How the key's /v1 calls are served: Hearth's prompt, or the client's messages as sent. */
  promptMode: 'hearth' | 'client';
  clientMemory: boolean;
}

export interface CreatedApiKey extends ApiKey {
  /** The full secret; the server never shows it again. */
  key: string;
}

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error response `{error:{code,message,details?}}`, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation details as `[{path:"/email", message}]`, when the server sent them. */
  get fieldDetails(): ErrorDetail[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (detail): detail is ErrorDetail =>
        typeof detail?.path === 'string' && typeof detail?.message === 'string',
    );
  }
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | undefined;

/** The session layer registers here to notice a session that expired mid-use. */
export function setUnauthorizedListener(listener: UnauthorizedListener | undefined): void {
  onUnauthorized = listener;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Sends a request and returns the raw Response when it is 2xx; otherwise throws `ApiError`. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and retry.');
  }
  if (response.ok) return response;
  throw await errorOf(response);
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  const apiError =
    typeof error?.code === 'string'
      ? new ApiError(
          response.status,
          error.code,
          typeof error.message === 'string' ? error.message : 'The request failed.',
          error.details,
        )
      : new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
  if (response.status === 401 && apiError.code === 'unauthorized') onUnauthorized?.();
  return apiError;
}

/** JSON request helper: `undefined` for 204 responses. */
export async function requestJson<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface SignupInput {
  email: string;
  password: string;
  displayName: string;
  birthDate: string;
}

export const accountsApi = {
  signup: (input: SignupInput) => requestJson<{ user: User }>('POST', '/api/auth/signup', { body: input }),
  login: (email: string, password: string) =>
    requestJson<{ user: User }>('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => requestJson<void>('POST', '/api/auth/logout'),
  me: () => requestJson<{ user: User }>('GET', '/api/me'),
  updateMe: (changes: { displayName?: string; nsfwOptIn?: boolean }) =>
    requestJson<{ user: User }>('PATCH', '/api/me', { body: changes }),
  changePassword: (currentPassword: string, newPassword: string) =>
    requestJson<void>('POST', '/api/me/password', { body: { currentPassword, newPassword } }),
  /** Ends every session (this one too) and revokes every API key. */
  signOutEverywhere: () => requestJson<void>('POST', '/api/me/sign-out-everywhere'),
  deleteAccount: (password: string) => requestJson<void>('DELETE', '/api/me', { body: { password } }),
  listApiKeys: () => requestJson<{ keys: ApiKey[] }>('GET', '/api/me/api-keys'),
  createApiKey: (name: string) => requestJson<CreatedApiKey>('POST', '/api/me/api-keys', { body: { name } }),
  updateApiKey: (id: string, settings: { promptMode?: 'hearth' | 'client'; clientMemory?: boolean }) =>
    requestJson<ApiKey>('PATCH', `/api/me/api-keys/${encodeURIComponent(id)}`, { body: settings }),
  revokeApiKey: (id: string) => requestJson<void>('DELETE', `/api/me/api-keys/${encodeURIComponent(id)}`),
  /** A plain link target: the server answers with `content-disposition: attachment`. */
  exportUrl: '/api/me/export',
};
