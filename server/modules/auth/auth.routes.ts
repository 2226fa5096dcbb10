// HTTP for logging in and out, the current user and password change.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { okSchema } from '../../../shared/contracts/common.ts';
import { loginSchema, meSchema, passwordChangeSchema } from '../../../shared/contracts/users.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { actorOf, responses, typed } from '../../http.ts';
import { deepFreeze } from '../../read-cache.ts';
import { type Actor, permissionsOf } from './actor.ts';
import { changePassword, getDecoyHash, login, logout, rememberUnknownUsernames } from './auth.service.ts';

export const SESSION_COOKIE = 'tongchou_session';

const toMe = (actor: Actor) => ({
  id: actor.id,
  username: actor.username,
  displayName: actor.displayName,
  role: actor.role,
  unit: { id: actor.unitId, name: actor.unitName },
  scopeRegion: { ...actor.scopeRegion },
  permissions: permissionsOf(actor.role),
});

export async function authRoutes(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  const settings = {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    lockThreshold: config.LOGIN_LOCK_THRESHOLD,
    lockMinutes: config.LOGIN_LOCK_MINUTES,
  };
  const clearSession = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });
  // One per app, so the failures of made-up usernames are counted like an account's (see auth.service.ts).
  const unknownUsernames = rememberUnknownUsernames();
  const answers = new WeakMap<Actor, ReturnType<typeof toMe>>();
  // Made now, so the first unknown username is not the one login slower by a whole hash.
  await getDecoyHash();

  typed(app).post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: '登录', body: loginSchema, response: responses(meSchema) },
      config: {
        public: true,
        rateLimit: {
          max: config.LOGIN_RATE_LIMIT_PER_MINUTE,
          timeWindow: '1 minute',
          errorResponseBuilder: (_request, context) =>
            new AppError('RATE_LIMITED', `登录尝试过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`),
        },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, actor } = await login(
        app.db,
        settings,
        request.body,
        { ip: request.ip, userAgent: request.headers['user-agent'] },
        unknownUsernames,
      );
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.COOKIE_SECURE,
        expires: expiresAt,
      });
      return toMe(actor);
    },
  );

  typed(app).post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录', response: responses(okSchema) } },
    async (request, reply) => {
      const actor = actorOf(request);
      await logout(app.db, actor, request.sessionToken ?? '');
      // Other servers hear of it from the database; this one must not answer the old cookie even once more.
      app.sessionCache.forgetUser(actor.id);
      clearSession(reply);
      return { ok: true as const };
    },
  );

  typed(app).post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改本人密码',
        body: passwordChangeSchema,
        response: responses(okSchema),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await changePassword(app.db, actor, request.sessionToken ?? '', request.body);
      app.sessionCache.forgetUser(actor.id);
      return { ok: true as const };
    },
  );

  typed(app).get(
    '/me',
    { schema: { tags: ['auth'], summary: '当前登录用户', response: responses(meSchema) } },
    async (request) => {
      // A kept actor is replaced, not changed, when the account changes: its answer is made (and encoded) once.
      const actor = request.sessionActor ?? actorOf(request);
      let me = answers.get(actor);
      if (!me) {
        me = deepFreeze(toMe(actor));
        answers.set(actor, me);
      }
      return me;
    },
  );

  // A probe of the database answers health checks for a second, and checks that arrive together share one
  // probe: a load balancer's checks stay cheap, and a database that stops answering still fails them.
  let answeredAt = Number.NEGATIVE_INFINITY;
  let probe: Promise<void> | null = null;
  const databaseAnswers = async () => {
    if (performance.now() - answeredAt < 1_000) return;
    probe ??= app.db
      .execute('select 1')
      .then(() => {
        answeredAt = performance.now();
      })
      .finally(() => {
        probe = null;
      });
    await probe;
  };

  typed(app).get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
      config: { public: true },
    },
    async () => {
      await databaseAnswers();
      return { status: 'ok' as const, database: app.databaseKind };
    },
  );
}
