// HTTP for the caller's own notifications: the list, the unread count, marking read, and the live stream (SSE).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, PG_INTEGER_MAX } from '../../../shared/contracts/common.ts';
import {
  notificationListQuerySchema,
  notificationListSchema,
  notificationSchema,
  readAllResultSchema,
  unreadCountSchema,
} from '../../../shared/contracts/notifications.ts';
import { actorOf, responses, typed } from '../../http.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from './notifications.service.ts';
import type { NotificationStreams } from './notifications.stream.ts';

/** An EventSource (and any client that means to read a stream) asks for text/event-stream. */
function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((type) => type.split(';')[0]?.trim().toLowerCase() === 'text/event-stream');
}

/** The id an EventSource sends back after a reconnect; anything else is ignored, not refused. */
function lastEventIdOf(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id <= PG_INTEGER_MAX ? id : null;
}

export async function notificationRoutes(
  app: FastifyInstance,
  { streams }: { streams: NotificationStreams },
) {
  const r = typed(app);
  const tags = ['notifications'];

  r.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: '我的通知',
        querystring: notificationListQuerySchema,
        response: responses(notificationListSchema),
      },
    },
    async (request) => {
      const { unread, page, pageSize } = request.query;
      const result = await listNotifications(app.db, actorOf(request), {
        unread: unread === 'true',
        page,
        pageSize,
      });
      return { ...result, page, pageSize };
    },
  );

  r.get(
    '/notifications/unread-count',
    { schema: { tags, summary: '未读通知数', response: responses(unreadCountSchema) } },
    async (request) => ({ count: await unreadCount(app.db, actorOf(request)) }),
  );

  r.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: '标为已读',
        params: idParamsSchema,
        response: responses(notificationSchema),
      },
    },
    async (request) => markRead(app.db, actorOf(request), request.params.id),
  );

  r.post(
    '/notifications/read-all',
    { schema: { tags, summary: '全部标为已读', response: responses(readAllResultSchema) } },
    async (request) => markAllRead(app.db, actorOf(request)),
  );

  r.get(
    '/notifications/stream',
    {
      schema: {
        tags,
        summary: '通知推送（SSE 事件流）',
        description:
          '以 Accept: text/event-stream 请求（浏览器用 EventSource）。连接后及每次变化发送 `event: unread`' +
          '（{count}），每条新通知发送 `event: notification`（id 为通知编号，数据同通知列表的一项）；每 25 秒一行注释' +
          '保持连接。重连时带 Last-Event-ID，先补发其后的通知。退出登录或账号停用后连接关闭。',
        produces: ['text/event-stream'],
        response: {
          200: z.string().describe('text/event-stream'),
          401: errorBodySchema,
          406: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!acceptsEventStream(request.headers.accept)) {
        return reply.status(406).send({
          error: {
            code: 'NOT_ACCEPTABLE',
            message: '这是事件流接口，请以 Accept: text/event-stream 请求（浏览器中用 EventSource）',
            details: [],
          },
        });
      }
      const token = request.sessionToken;
      const stream = streams.open(actor.id, {
        lastEventId: lastEventIdOf(request.headers['last-event-id']),
        // The session cache answers from memory and forgets an actor on logout or deactivation.
        stillAllowed: async () => !!token && (await app.sessionCache.findActor(token))?.id === actor.id,
      });
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          // nginx and similar proxies would otherwise hold events back to fill a buffer.
          .header('x-accel-buffering', 'no')
          // A stream is sent as it is, never serialised; the string schema is what the docs show for it.
          .send(stream as unknown as string)
      );
    },
  );
}
