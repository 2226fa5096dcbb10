// Builds the Fastify app (plugins, auth, error handler, modules, web UI) without listening, so tests can inject.
import type { Writable } from 'node:stream';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { openChangeFeed } from './db/changes.ts';
import type { Database } from './db/client.ts';
import { AppError, installErrorHandler } from './errors.ts';
import { installInputGuards } from './input-guards.ts';
import { type JobQueue, startJobQueue } from './jobs/job-queue.ts';
import { errorForLog, requestForLog } from './log-redaction.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes, SESSION_COOKIE } from './modules/auth/auth.routes.ts';
import { openSessionCache } from './modules/auth/session-cache.ts';
import { meetingRoutes } from './modules/meetings/meetings.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import {
  type NotificationStreams,
  openNotificationStreams,
} from './modules/notifications/notifications.stream.ts';
import { regionRoutes } from './modules/regions/regions.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { runTaskReminders } from './modules/tasks/tasks.reminders.ts';
import { taskRoutes } from './modules/tasks/tasks.routes.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { openReadCache, serialiseKeptOnce } from './read-cache.ts';
import { recordRoutes } from './records/records.routes.ts';
import { OneLinePerRequest } from './request-log.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { isClientRoute, serveWebUi } from './web-ui.ts';

export type AppDeps = {
  database: Database;
  config: Config;
  /** Folder of the built web UI; omitted in API-only tests. */
  webRoot?: string | null;
  /** Where the log goes instead of stdout (tests read it). */
  logStream?: Writable;
  /** How often the job queue looks for due jobs; 0: only when app.jobQueue.runDueJobs() is called. */
  jobPollMs?: number;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** This server's runner of the jobs table (see jobs/job-queue.ts); stopped when the app closes. */
    jobQueue: JobQueue;
    notificationStreams: NotificationStreams;
  }
}

export async function buildApp({
  database,
  config,
  webRoot,
  logStream,
  jobPollMs = 1000,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: config.LOG_LEVEL,
            ...(logStream ? { stream: logStream } : {}),
            // Request bodies are never logged; errors and addresses are logged with personal data removed.
            serializers: { err: errorForLog, req: requestForLog },
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
          },
    trustProxy: false,
    bodyLimit: 2 * 1024 * 1024,
    logController: new OneLinePerRequest(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serialiseKeptOnce(serializerCompiler));
  app.decorate('db', database.db);
  app.decorate('databaseKind', database.kind);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionActor', null);
  installErrorHandler(app);
  // First, so that every answer carries the headers, a 401 from the hooks below included.
  installSecurityHeaders(app);
  installInputGuards(app);

  // Imports arrive as the raw file body.
  for (const type of [
    'application/octet-stream',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ]) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tongchou 统筹 API',
        version: '0.1.0',
        description: '疫情防控指挥部统筹平台接口。登录后以 httpOnly 会话 Cookie 认证。',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const changes = await openChangeFeed(database);
  const sessionCache = openSessionCache(database, changes);
  app.decorate('sessionCache', sessionCache);
  app.decorate('readCache', openReadCache(changes));
  const notificationStreams = openNotificationStreams(database.db, changes, {
    onError: (err) => app.log.error({ err }, 'notification push failed'),
  });
  app.decorate('notificationStreams', notificationStreams);
  // Before the server stops taking connections and waits for open ones: an open stream would never end by itself.
  app.addHook('preClose', async () => notificationStreams.close());
  app.addHook('onClose', async () => {
    sessionCache.close();
    app.readCache.close();
    await changes.close();
  });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const actor = await sessionCache.findActor(token);
    if (actor) {
      request.actor = { ...actor, ip: request.ip };
      request.sessionToken = token;
      request.sessionActor = actor;
    }
  });
  // Every API route needs a session unless it says it is public: forgetting is the safe default. Refused as the
  // request arrives, before its body is read or validated: an anonymous caller learns nothing from validation
  // messages, and a large body it sends is never buffered (the connection is closed instead of drained).
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    if (request.routeOptions.config?.public || request.actor) return;
    if ((request.headers['content-length'] ?? '0') !== '0' || request.headers['transfer-encoding'])
      reply.header('connection', 'close');
    throw new AppError('UNAUTHENTICATED', '请先登录');
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes, { config });
      await api.register(regionRoutes);
      await api.register(unitRoutes);
      await api.register(userRoutes);
      await api.register(auditRoutes);
      await api.register(meetingRoutes);
      await api.register(taskRoutes);
      await api.register(supervisionRoutes);
      await api.register(recordRoutes);
      await api.register(notificationRoutes, { streams: notificationStreams });
    },
    { prefix: '/api' },
  );

  const appShell = webRoot ? await serveWebUi(app, webRoot) : null;
  // Client-side routes (/regions/420502…) get the app shell; missing files and unknown /api paths are 404s.
  app.setNotFoundHandler(async (request, reply) => {
    if (appShell && (request.method === 'GET' || request.method === 'HEAD') && isClientRoute(request.url)) {
      const html = await appShell.read();
      if (html) {
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', appShell.cacheControl)
          .send(html);
      }
    }
    const what = request.url.startsWith('/api') || !appShell ? '接口' : '文件';
    return reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `没有这个${what}：${request.method} ${request.url}`, details: [] },
    });
  });

  // Last, once nothing after it can fail: a job queue left running by a half-built app would never be stopped.
  // Each module that works on a schedule or later adds its handlers and schedules here (tasks: reminders).
  const jobQueue = await startJobQueue(database.db, {
    handlers: {
      'tasks:reminders': async (_job, tx) => {
        await runTaskReminders(tx);
      },
    },
    schedules: [{ kind: 'tasks:reminders', everyMs: 5 * 60_000 }],
    pollMs: jobPollMs,
    onError: (err, job, willRetry) => {
      const where = job && { id: job.id, kind: job.kind, attempt: job.attempts };
      if (!job) app.log.error({ err }, 'job queue could not reach the database');
      else if (willRetry) app.log.warn({ err, job: where }, 'job failed, will retry');
      else app.log.error({ err, job: where }, 'job failed for good');
    },
  });
  app.decorate('jobQueue', jobQueue);
  // Lets a running job finish; the database is closed after the app.
  app.addHook('onClose', () => jobQueue.stop());
  return app;
}
