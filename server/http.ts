// Small pieces every route file uses: the typed app, the caller, error responses for the API docs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorBodySchema } from '../shared/contracts/common.ts';
import type { DatabaseKind, Db } from './db/client.ts';
import { AppError } from './errors.ts';
import type { Actor } from './modules/auth/actor.ts';
import type { SessionCache } from './modules/auth/session-cache.ts';
import type { ReadCache } from './read-cache.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    databaseKind: DatabaseKind;
    /** Logged-in users kept in memory; routes that change an account tell it (see session-cache.ts). */
    sessionCache: SessionCache;
    /** Repeated reads kept per topic (see read-cache.ts). */
    readCache: ReadCache;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    /** The actor as the session cache keeps it, shared by this session's requests (request.actor adds the ip). */
    sessionActor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean;
  }
}

export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** The logged-in caller; the auth hook has already refused anonymous requests to non-public routes. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}

const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/** A success schema plus the error shapes, so /api/docs shows what can go wrong. */
export function responses<T extends z.ZodType>(ok: T) {
  return { 200: ok, ...errorResponses };
}

export function createdResponses<T extends z.ZodType>(ok: T) {
  return { 201: ok, ...errorResponses };
}

/**
 * For a route plugin whose writes change `topic`: after any write request it handles, the read cache forgets the
 * topic before the answer leaves, so the writer's next read (here) already sees the change.
 */
export function forgetOnWrite(app: FastifyInstance, topic: string): void {
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') app.readCache.forget(topic);
  });
}
