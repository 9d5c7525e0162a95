import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../errors.js';
import type { Services } from '../services.js';
import { exportUserData, eraseUser } from './account-data.js';
import { changePassword, logIn, signOutEverywhere, signUp } from './account-service.js';
import { createApiKey, listApiKeys, publicApiKey, revokeApiKey, updateApiKey } from './api-keys.js';
import { requireActor, requireRole } from './auth-plugin.js';
import { verifyPassword } from './passwords.js';
import * as schemas from './schemas.js';
import { SESSION_COOKIE, createSession, deleteSession, sessionIdOf } from './sessions.js';
import { findUserById, publicUser, updateUser } from './users.js';
import { Unauthorized } from '../errors.js';
import type { UserRow } from '../db/index.js';

const authRateLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

export async function accountRoutes(
  fastify: FastifyInstance,
  options: { services: Services },
): Promise<void> {
  const { services } = options;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = services.db.kysely;
  const sessionDeps = {
    db,
    clock: services.clock,
    secret: services.secret,
    ttlHours: services.config.sessionTtlHours,
  };

  async function startSession(request: FastifyRequest, reply: FastifyReply, user: UserRow) {
    // Rotate: whatever session the browser held before is ended, so a planted cookie cannot be reused.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await deleteSession(sessionDeps, sessionIdOf(sessionDeps, previous));
    const { token, expiresAt } = await createSession(sessionDeps, user.id);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      expires: expiresAt,
    });
  }

  async function currentUser(request: FastifyRequest): Promise<UserRow> {
    const actor = requireActor(request);
    const user = await findUserById(db, actor.userId);
    if (!user) throw new Unauthorized();
    return user;
  }

  app.post(
    '/api/auth/signup',
    {
      config: authRateLimit,
      schema: {
        tags: ['accounts'],
        body: schemas.signupBody,
        response: { 201: z.object({ user: schemas.userResponse }) },
      },
    },
    async (request, reply) => {
      const user = await signUp(services, request.body);
      await startSession(request, reply, user);
      return reply.status(201).send({ user: publicUser(user) });
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: authRateLimit,
      schema: {
        tags: ['accounts'],
        body: schemas.loginBody,
        response: { 200: z.object({ user: schemas.userResponse }) },
      },
    },
    async (request, reply) => {
      const user = await logIn(services, request.body.email, request.body.password, request.ip);
      await startSession(request, reply, user);
      return { user: publicUser(user) };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['accounts'] } }, async (request, reply) => {
    if (request.actor?.sessionId) await deleteSession(sessionDeps, request.actor.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/api/me',
    { schema: { tags: ['accounts'], response: { 200: z.object({ user: schemas.userResponse }) } } },
    async (request) => {
      return { user: publicUser(await currentUser(request)) };
    },
  );

  app.patch(
    '/api/me',
    {
      schema: {
        tags: ['accounts'],
        body: schemas.updateMeBody,
        response: { 200: z.object({ user: schemas.userResponse }) },
      },
    },
    async (request) => {
      const user = await currentUser(request);
      const { displayName, nsfwOptIn } = request.body;
      await updateUser(db, services.clock, user.id, {
        ...(displayName !== undefined && { display_name: displayName }),
        ...(nsfwOptIn !== undefined && { nsfw_opt_in: nsfwOptIn ? 1 : 0 }),
      });
      return { user: publicUser((await findUserById(db, user.id))!) };
    },
  );

  app.post(
    '/api/me/password',
    { config: authRateLimit, schema: { tags: ['accounts'], body: schemas.changePasswordBody } },
    async (request, reply) => {
      const user = await currentUser(request);
      await changePassword(
        services,
        user,
        request.body.currentPassword,
        request.body.newPassword,
        request.actor?.sessionId,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/me/sign-out-everywhere',
    { config: authRateLimit, schema: { tags: ['accounts'] } },
    async (request, reply) => {
      const actor = requireActor(request);
      await signOutEverywhere(services, actor.userId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get('/api/me/export', { schema: { tags: ['accounts'] } }, async (request, reply) => {
    const actor = requireActor(request);
    const data = await exportUserData(services, actor.userId);
    reply.header('content-disposition', 'attachment; filename="hearth-export.json"');
    return data;
  });

  app.delete(
    '/api/me',
    { config: authRateLimit, schema: { tags: ['accounts'], body: schemas.deleteMeBody } },
    async (request, reply) => {
      const user = await currentUser(request);
      if (!(await verifyPassword(user.password_hash, request.body.password))) {
        throw new Unauthorized('invalid_credentials', 'The password is wrong.');
      }
      await eraseUser(services, user.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me/api-keys',
    {
      schema: { tags: ['accounts'], response: { 200: z.object({ keys: z.array(schemas.apiKeyResponse) }) } },
    },
    async (request) => {
      const actor = requireActor(request);
      return { keys: (await listApiKeys(db, actor.userId)).map(publicApiKey) };
    },
  );

  app.post(
    '/api/me/api-keys',
    {
      schema: {
        tags: ['accounts'],
        body: schemas.createApiKeyBody,
        response: { 201: schemas.apiKeyResponse.extend({ key: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { name, ...settings } = request.body;
      const { key, row } = await createApiKey(sessionDeps, actor.userId, name, settings);
      return reply.status(201).send({ ...publicApiKey(row), key });
    },
  );

  app.patch(
    '/api/me/api-keys/:id',
    {
      schema: {
        tags: ['accounts'],
        params: z.object({ id: z.string().max(64) }),
        body: schemas.updateApiKeyBody,
        response: { 200: schemas.apiKeyResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return publicApiKey(await updateApiKey(sessionDeps, actor.userId, request.params.id, request.body));
    },
  );

  app.delete(
    '/api/me/api-keys/:id',
    { schema: { tags: ['accounts'], params: z.object({ id: z.string().max(64) }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeApiKey(sessionDeps, actor.userId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/users',
    {
      schema: {
        tags: ['admin'],
        querystring: z.object({ q: z.string().max(254).optional() }),
        response: { 200: z.object({ users: z.array(schemas.userResponse) }) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      let query = db
        .selectFrom('users')
        .selectAll()
        .where('status', '!=', 'deleted')
        .orderBy('id', 'desc')
        .limit(100);
      if (request.query.q) query = query.where('email', 'like', `%${request.query.q.toLowerCase()}%`);
      return { users: (await query.execute()).map(publicUser) };
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        params: z.object({ id: z.string().max(64) }),
        body: schemas.adminUpdateUserBody,
        response: { 200: z.object({ user: schemas.userResponse }) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      const target = await findUserById(db, request.params.id);
      if (!target || target.status === 'deleted') throw new NotFound('user_not_found', 'No such user.');
      const { role, status, statusReason } = request.body;
      await updateUser(db, services.clock, target.id, {
        ...(role && { role }),
        ...(status && { status }),
        ...(statusReason !== undefined && { status_reason: statusReason }),
      });
      return { user: publicUser((await findUserById(db, target.id))!) };
    },
  );
}
