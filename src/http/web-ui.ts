import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { NotFound } from '../errors.js';
import { projectRoot } from './project-root.js';

export function webDistDir(): string {
  return path.join(projectRoot(), 'dist', 'web');
}

/**
 * Serves the built browser UI from dist/web. Unknown GET paths outside the API get index.html so
 * client-side routes survive a reload; unknown API paths get a JSON 404.
 */
export async function registerWebUi(app: FastifyInstance): Promise<void> {
  const root = webDistDir();
  const hasUi = fs.existsSync(path.join(root, 'index.html'));
  if (hasUi) {
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = /^\/(api|v1|docs)(\/|$)/.test(request.url);
    if (request.method === 'GET' && !isApi && hasUi) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw new NotFound('not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`);
  });
}
