import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../accounts/index.js';
import { BadRequest, NotFound, PayloadTooLarge } from '../errors.js';
import type { Services } from '../services.js';
import { processAvatar, readAvatar, removeAvatarFiles, storeAvatar } from './avatar.js';
import { exportCharacterCard, importCharacterCard } from './card-transfer.js';
import { canSeeHidden } from './character-access.js';
import { getEditableCharacter, getViewableCharacter } from './character-service.js';
import { setAvatar } from './character-store.js';
import { presentCharacter } from './present.js';

const idParams = z.strictObject({ id: z.string().min(1).max(120) });
const tags = ['characters'];

interface UploadedFile {
  bytes: Buffer;
  filename: string;
  mimetype: string;
}

/** One multipart file field `file`, read whole within the upload limit (413 beyond it). */
async function readUpload(request: FastifyRequest, limit: number): Promise<UploadedFile> {
  if (!request.isMultipart())
    throw new BadRequest('bad_request', 'Send the file as multipart/form-data in a field named "file".');
  const part = await request.file();
  if (part?.fieldname !== 'file') {
    throw new BadRequest('bad_request', 'Send the file as multipart/form-data in a field named "file".');
  }
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new PayloadTooLarge('payload_too_large', `The file is larger than ${limit} bytes.`);
    }
    throw error;
  }
  if (part.file.truncated)
    throw new PayloadTooLarge('payload_too_large', `The file is larger than ${limit} bytes.`);
  return { bytes, filename: part.filename, mimetype: part.mimetype };
}

/** Avatars and Character Card import/export. */
export async function cardRoutes(fastify: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  const { clock, config } = services;
  const db = services.db.kysely;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/characters/:id/avatar', { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const row = await getEditableCharacter(db, actor, request.params.id);
    const upload = await readUpload(request, config.uploadLimit);
    const processed = await processAvatar(upload.bytes);
    const paths = await storeAvatar(config.dataDir, row.id, processed);
    const updated = await setAvatar(db, row, paths, clock);
    await removeAvatarFiles(config.dataDir, [row.avatar_path, row.avatar_thumb_path]);
    return { character: presentCharacter(updated, actor) };
  });

  app.get(
    '/api/characters/:id/avatar',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.strictObject({
          size: z.enum(['full', 'thumb']).optional(),
          v: z.string().max(64).optional(),
        }),
      },
    },
    async (request, reply) => {
      const row = await getViewableCharacter(db, request.actor, request.params.id);
      const name = request.query.size === 'thumb' ? row.avatar_thumb_path : row.avatar_path;
      if (!name) throw new NotFound('not_found', 'This character has no avatar.');
      const bytes = await readAvatar(config.dataDir, name);
      // Private characters' avatars must not sit in shared caches.
      const cache = row.visibility === 'public' && row.status === 'published' ? 'public' : 'private';
      return reply.type('image/webp').header('cache-control', `${cache}, max-age=86400`).send(bytes);
    },
  );

  app.post('/api/characters/import', { schema: { tags } }, async (request, reply) => {
    const actor = requireActor(request);
    const upload = await readUpload(request, config.uploadLimit);
    const row = await importCharacterCard(db, actor.userId, upload.bytes, {
      filename: upload.filename,
      contentType: upload.mimetype,
      dataDir: config.dataDir,
      maxBytes: config.uploadLimit,
      maxExtensionBytes: config.cardExtensionsLimit,
      clock,
    });
    return reply.status(201).send({ character: presentCharacter(row, actor) });
  });

  app.get(
    '/api/characters/:id/export',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.strictObject({ format: z.enum(['png', 'json', 'charx']).default('png') }),
      },
    },
    async (request, reply) => {
      const row = await getViewableCharacter(db, request.actor, request.params.id);
      const exported = await exportCharacterCard(
        db,
        row,
        { includeHidden: canSeeHidden(request.actor, row) },
        request.query.format,
        config.dataDir,
        clock,
      );
      const filename = `${row.slug}.${exported.extension}`;
      return reply
        .type(exported.mime)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(Buffer.from(exported.bytes));
    },
  );
}
