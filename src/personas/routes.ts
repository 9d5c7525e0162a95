import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../accounts/index.js';
import type { Services } from '../services.js';
import { createPersona, deletePersona, listPersonas, publicPersona, updatePersona } from './persona-store.js';

/** A persona avatar is a small inline image; larger files belong to the media layer. */
export const MAX_AVATAR_CHARS = 256 * 1024;
const AVATAR_PATTERN = /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$/;

const avatar = z
  .string()
  .max(MAX_AVATAR_CHARS, `must be an image of at most ${MAX_AVATAR_CHARS / 1024} KB (as a data URL)`)
  .regex(AVATAR_PATTERN, 'must be a base64 data URL of a PNG, JPEG, WebP or GIF image')
  .nullable();
const fields = {
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(2000),
  pronouns: z.string().trim().max(40).nullable(),
  avatar,
};
const createBody = z.strictObject({
  ...fields,
  description: fields.description.default(''),
  pronouns: fields.pronouns.default(null),
  avatar: avatar.default(null),
  isDefault: z.boolean().optional(),
});
const patchBody = z
  .strictObject({ ...fields, isDefault: z.literal(true) })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
const idParams = z.strictObject({ id: z.string().min(1).max(64) });
// Room for the largest avatar plus the text fields.
const bodyLimit = MAX_AVATAR_CHARS + 16 * 1024;

/** `GET|POST /api/personas`, `PATCH|DELETE /api/personas/:id` (issue 20 item 1). */
export async function personaRoutes(
  fastify: FastifyInstance,
  options: { services: Services },
): Promise<void> {
  const { services } = options;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = services.db.kysely;

  app.get('/api/personas', { schema: { tags: ['personas'] } }, async (request) => {
    const actor = requireActor(request);
    return { personas: (await listPersonas(db, actor.userId)).map(publicPersona) };
  });

  app.post(
    '/api/personas',
    { bodyLimit, schema: { tags: ['personas'], body: createBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await createPersona(db, services.clock, actor.userId, request.body);
      return reply.status(201).send({ persona: publicPersona(row) });
    },
  );

  app.patch(
    '/api/personas/:id',
    { bodyLimit, schema: { tags: ['personas'], params: idParams, body: patchBody } },
    async (request) => {
      const actor = requireActor(request);
      const row = await updatePersona(db, services.clock, actor.userId, request.params.id, request.body);
      return { persona: publicPersona(row) };
    },
  );

  app.delete(
    '/api/personas/:id',
    { schema: { tags: ['personas'], params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await deletePersona(db, actor.userId, request.params.id);
      return reply.status(204).send();
    },
  );
}
