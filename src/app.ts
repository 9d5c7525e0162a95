import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accountRoutes, authPlugin } from './accounts/index.js';
import { billingRoutes } from './billing/index.js';
import { characterRoutes } from './characters/index.js';
import { chatRoutes, openAiRoutes } from './chat/index.js';
import { RateLimited } from './errors.js';
import { memoryRoutes } from './memory/index.js';
import { accountStatePlugin, safetyRoutes } from './safety/index.js';
import { declareMissingBodySchemas } from './http/body-schemas.js';
import { personaRoutes } from './personas/index.js';
import { fastifyTrustProxy } from './http/config.js';
import { registerErrorHandler } from './http/error-handler.js';
import { handleClientError, sendFrameworkError } from './http/framework-errors.js';
import { registerJsonDepthGuard } from './http/json-depth.js';
import { registerRequestTimeouts, serverTimeouts } from './http/request-timeouts.js';
import { registerTurnLimit } from './http/turn-limit.js';
import { healthRoutes } from './http/health-routes.js';
import { registerWebUi } from './http/web-ui.js';
import { newId } from './ids.js';
import type { Services } from './services.js';

export interface BuildAppOptions {
  /** pino options or false; tests pass false to keep output quiet. */
  logger?: boolean | Record<string, unknown>;
}

/** Secrets never reach the log: credentials in headers, bodies are not logged at all. */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/** Builds the whole HTTP app without listening; `serve` listens, tests use `inject()`. */
export async function buildApp(services: Services, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const logger =
    options.logger === false
      ? false
      : {
          level: config.logLevel,
          redact: logRedactPaths,
          ...(typeof options.logger === 'object' ? options.logger : {}),
        };
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    ...serverTimeouts(config.http),
    trustProxy: fastifyTrustProxy(config.trustProxy),
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: handleClientError,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : newId();
    },
  });
  // Slow headers end in 408 (Node's default is 60 s); must not exceed requestTimeout.
  app.server.headersTimeout = Math.min(config.http.headersTimeoutMs, app.server.requestTimeout);
  registerRequestTimeouts(app, config.http);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerJsonDepthGuard(app);
  declareMissingBodySchemas(app);
  registerTurnLimit(app, config.http.maxConcurrentTurns);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // A request holds background jobs back from the moment it arrives, before its body is read: a job
  // step started in between would run ahead of it (src/foreground.ts).
  app.addHook('onRequest', async (_request, reply) => {
    const end = services.foreground.begin();
    reply.raw.once('finish', end);
    reply.raw.once('close', end);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Hearth API', version: '0.1.0', description: 'Self-hostable AI companion platform.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'hearth_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Helmet adds this by default; over plain http on any host but localhost the browser then
        // asked for the scripts over https and the UI stayed blank (issue 13 item 11).
        upgradeInsecureRequests: config.publicUrl?.startsWith('https://') ? [] : null,
      },
    },
    strictTransportSecurity: config.trustProxy !== false,
  });
  if (config.corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: [...config.corsOrigins], credentials: false });
  }
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => {
      throw new RateLimited('Too many requests. Try again later.', Math.ceil(context.ttl / 1000));
    },
  });
  await app.register(fastifyCookie);
  await app.register(authPlugin, { services });
  await app.register(accountStatePlugin, { services });

  await app.register(healthRoutes, { services });
  await app.register(accountRoutes, { services });
  await app.register(billingRoutes, { services });
  await app.register(characterRoutes, { services });
  await app.register(chatRoutes, { services });
  await app.register(openAiRoutes, { services });
  await app.register(memoryRoutes, { services });
  await app.register(safetyRoutes, { services });
  await app.register(personaRoutes, { services });

  await registerWebUi(app);
  return app;
}
