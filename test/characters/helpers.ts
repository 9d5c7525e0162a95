import type { FastifyInstance } from 'fastify';
import type { TestApp, TestUser } from '../helpers/app.js';

/** A multipart/form-data body with one file field, as browsers send it. */
export function multipartFile(
  bytes: Uint8Array | string,
  filename: string,
  contentType = 'application/octet-stream',
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----hearth${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const minimalDoc = (overrides: Record<string, unknown> = {}) => ({
  name: 'Marlow Reyes',
  tagline: 'A lighthouse cartographer who maps forgotten coastlines',
  description: 'Keeps charts of places that vanished from maps.',
  greetings: ['Hello {{user}}, mind the ink.'],
  tags: ['Maritime', 'mystery'],
  runtime: { notes: 'HIDDEN-RULE-XYZZY' },
  ...overrides,
});

export async function createCharacterAs(
  app: FastifyInstance,
  user: TestUser,
  doc: Record<string, unknown> = minimalDoc(),
  extra: Record<string, unknown> = {},
): Promise<{ id: string; slug: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/characters',
    headers: user.headers,
    payload: { doc, ...extra },
  });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json().character;
}

export async function publish(app: FastifyInstance, user: TestUser, id: string, visibility?: string) {
  return app.inject({
    method: 'POST',
    url: `/api/characters/${id}/publish`,
    headers: user.headers,
    payload: visibility ? { visibility } : {},
  });
}

export async function setRole(test: TestApp, userId: string, role: 'moderator' | 'admin' | 'user') {
  await test.services.db.kysely.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function optInNsfw(test: TestApp, userId: string) {
  await test.services.db.kysely
    .updateTable('users')
    .set({ nsfw_opt_in: 1 })
    .where('id', '=', userId)
    .execute();
}

export async function countCharacters(test: TestApp): Promise<number> {
  const row = await test.services.db.kysely
    .selectFrom('characters')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
