import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../accounts/index.js';
import type { Services } from '../services.js';
import {
  type PanelDeps,
  editMemory,
  editProfile,
  exportPartition,
  forgetEverything,
  memoryOverview,
  removeMemory,
} from './memory-service.js';
import { PROFILE_FIELDS } from './profile.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const profileValue = z.union([z.string().max(200), z.array(z.string().max(200)).max(30)]).nullable();
const profileBody = z.strictObject(
  Object.fromEntries(PROFILE_FIELDS.map((field) => [field, profileValue.optional()])) as Record<
    (typeof PROFILE_FIELDS)[number],
    z.ZodOptional<typeof profileValue>
  >,
);

/**
 * The memory panel's API (issue 6): what a character remembers about the caller. The partition is
 * always (caller, :id) — there is no way to name another user's memories; foreign ids are 404.
 */
export async function memoryRoutes(fastify: FastifyInstance, options: { services: Services }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const memory = options.services.memory;
  const deps: PanelDeps = {
    db: options.services.db,
    clock: options.services.clock,
    embedder: memory.embedder,
    scorer: memory.scorer,
  };
  const partitionOf = (userId: string, characterId: string) => ({ userId, characterId });

  app.get(
    '/api/characters/:id/memories',
    {
      schema: {
        tags: ['memory'],
        params: idParams,
        querystring: z.strictObject({ q: z.string().max(500).optional() }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return memoryOverview(deps, partitionOf(actor.userId, request.params.id), request.query.q || undefined);
    },
  );

  app.get(
    '/api/characters/:id/memories/export',
    { schema: { tags: ['memory'], params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      reply.header('content-disposition', 'attachment; filename="hearth-memories.json"');
      return exportPartition(deps, partitionOf(actor.userId, request.params.id));
    },
  );

  app.patch(
    '/api/characters/:id/memories/profile',
    { schema: { tags: ['memory'], params: idParams, body: profileBody } },
    async (request) => {
      const actor = requireActor(request);
      return { profile: await editProfile(deps, partitionOf(actor.userId, request.params.id), request.body) };
    },
  );

  app.post(
    '/api/characters/:id/memories/forget-all',
    { schema: { tags: ['memory'], params: idParams } },
    async (request) => {
      const actor = requireActor(request);
      return { removed: await forgetEverything(deps, partitionOf(actor.userId, request.params.id)) };
    },
  );

  app.patch(
    '/api/memories/:id',
    {
      schema: {
        tags: ['memory'],
        params: idParams,
        body: z.strictObject({
          text: z.string().trim().min(1).max(2000).optional(),
          importance: z.number().int().min(1).max(10).optional(),
          validAt: z.iso.datetime().nullable().optional(),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { memory: await editMemory(deps, actor.userId, request.params.id, request.body) };
    },
  );

  app.delete(
    '/api/memories/:id',
    { schema: { tags: ['memory'], params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await removeMemory(deps, actor.userId, request.params.id);
      return reply.status(204).send();
    },
  );

  fastify.addHook('onClose', async () => memory.stop());
}
