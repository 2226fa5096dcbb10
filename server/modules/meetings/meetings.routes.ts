// HTTP for meetings: list, view, record by hand, import a report (preview first), review its directives, export.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParamSchema, idParamsSchema as idParams, okSchema } from '../../../shared/contracts/common.ts';
import {
  directiveCreateSchema,
  directiveMergeSchema,
  directiveSchema,
  directiveSplitSchema,
  directiveUpdateSchema,
  type MeetingFileQuery,
  type MeetingImportOptions,
  type MeetingPreview,
  meetingCreateSchema,
  meetingFileQuerySchema,
  meetingImportResultSchema,
  meetingListQuerySchema,
  meetingListSchema,
  meetingPreviewSchema,
  meetingSchema,
  meetingTextBodySchema,
  meetingUpdateSchema,
  unreadableDecisionSchema,
} from '../../../shared/contracts/meetings.ts';
import { AppError } from '../../errors.ts';
import { sendWorkbook } from '../../excel.ts';
import { actorOf, createdResponses, forgetOnWrite, responses, typed } from '../../http.ts';
import { scopeParam } from '../auth/scope.ts';
import { DOCX_CONTENT_TYPE } from './meeting-report.read.ts';
import {
  directiveCategoryLabels,
  directiveStatusLabels,
  labelOf,
  meetingKindLabels,
  meetingStatusLabels,
} from './meetings.labels.ts';
import {
  acceptRemainingDirectives,
  addDirective,
  createMeeting,
  decideUnreadable,
  deleteMeeting,
  getMeeting,
  importMeeting,
  listDirectives,
  listMeetings,
  markReviewed,
  mergeDirectives,
  previewReportJson,
  type ReportInput,
  splitDirective,
  updateDirective,
  updateMeeting,
} from './meetings.service.ts';

const directiveParams = idParams.extend({ directiveId: idParamSchema });

/** The parser refuses reports over 5 MB with a clear message; the body limit sits above it so it can. */
const REPORT_BODY_LIMIT = 12 * 1024 * 1024;

const reportDescription =
  '粘贴正文：JSON `{ text, publishedAt?, title?, date?, kind?, regionCode?, unreadable?: [{ start, accept }], ' +
  'venues?, chair?, speakers?, attendees?, conveyed? }`。' +
  '上传文件：请求体为文件本身（.txt 用 text/plain 或 application/octet-stream；.docx 用 ' +
  `${DOCX_CONTENT_TYPE}），其余选项放在查询参数中（accept/reject 为乱码起始位置，逗号分隔）。`;

const positions = (list: string | undefined) => (list ? list.split(',').map(Number) : []);

/** A pasted report (JSON) or an uploaded file (raw body), with the user's options from body or query. */
function reportFrom(request: FastifyRequest): { input: ReportInput; options: MeetingImportOptions } {
  const query = request.query as MeetingFileQuery;
  if (Buffer.isBuffer(request.body)) {
    const { accept, reject, ...rest } = query;
    return {
      input: { file: request.body, contentType: request.headers['content-type'] },
      options: {
        ...rest,
        unreadable: [
          ...positions(accept).map((start) => ({ start, accept: true })),
          ...positions(reject).map((start) => ({ start, accept: false })),
        ],
      },
    };
  }
  const parsed = meetingTextBodySchema.safeParse(request.body ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      field: ['body', ...i.path].join('.'),
      message: i.message,
    }));
    throw new AppError('VALIDATION', `字段 ${details[0]!.field} 不正确：${details[0]!.message}`, details);
  }
  const { text, ...options } = parsed.data;
  return { input: { text }, options };
}

export async function meetingRoutes(app: FastifyInstance) {
  forgetOnWrite(app, 'meetings');
  // Reports arrive as the file itself; text/plain is read as bytes so the parser can detect GBK.
  // Both parsers are local to this plugin.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', DOCX_CONTENT_TYPE], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  // Errors other than an oversized upload go on to the app's one handler.
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
    const limit = REPORT_BODY_LIMIT / 1024 / 1024;
    return reply.status(413).send({
      error: {
        code: 'VALIDATION',
        message: `上传内容过大（上限 ${limit} MB，会议报道正文不超过 5 MB） / the upload is too large`,
        details: [{ field: 'reason', message: 'TOO_LARGE' }],
      },
    });
  });

  const r = typed(app);
  const tags = ['meetings'];

  r.get(
    '/meetings',
    {
      schema: {
        tags,
        summary: '会议列表',
        querystring: meetingListQuerySchema,
        response: responses(meetingListSchema),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const load = async () => ({
        ...(await listMeetings(app.db, actor, request.query)),
        page: request.query.page,
        pageSize: request.query.pageSize,
      });
      // Pages as the UI browses them are kept per role, scope and query, and dropped when any meeting, directive,
      // region or user name changes; text searches and long pages are not worth the memory.
      if (request.query.q || request.query.pageSize > 50) return load();
      const key = `meetings:${actor.role}:${scopeParam(actor)}:${JSON.stringify(request.query)}`;
      return app.readCache.read(['meetings', 'regions', 'users'], key, load);
    },
  );

  r.get(
    '/meetings/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出会议列表（Excel）',
        querystring: meetingListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const { items } = await listMeetings(app.db, actorOf(request), {
        ...request.query,
        page: 1,
        pageSize: 100_000,
      });
      return sendWorkbook(
        reply,
        '会议列表',
        [
          { header: '会议名称', key: 'title', width: 40 },
          { header: '日期', key: 'dateText', width: 14 },
          {
            header: '类型',
            key: 'kind',
            width: 14,
            format: (v) => labelOf(meetingKindLabels, v),
          },
          { header: '所属区域', key: 'regionName', width: 16 },
          {
            header: '状态',
            key: 'status',
            width: 10,
            format: (v) => labelOf(meetingStatusLabels, v),
          },
          { header: '要求条数', key: 'directiveCount', width: 10 },
          { header: '已采纳', key: 'acceptedCount', width: 10 },
        ],
        items,
      );
    },
  );

  r.post(
    '/meetings/parse',
    {
      schema: {
        tags,
        summary: '解析会议报道（预览，不保存；并列出管辖范围内同名同日期的会议）',
        description: reportDescription,
        querystring: meetingFileQuerySchema,
        response: responses(meetingPreviewSchema),
      },
      bodyLimit: REPORT_BODY_LIMIT,
    },
    async (request, reply) => {
      const { input, options } = reportFrom(request);
      // Already JSON, encoded by the preview's schema where it was parsed (see previewReportJson): Fastify
      // sends a string with a JSON content type as it is; the type provider only knows the object it stands for.
      const json = await previewReportJson(app.db, actorOf(request), input, options);
      return reply.type('application/json; charset=utf-8').send(json as unknown as MeetingPreview);
    },
  );

  r.post(
    '/meetings/import',
    {
      schema: {
        tags,
        summary: '导入会议报道（保存为草稿会议及待审核要求，全部成功或全部不保存；同名同日期的会议只提示）',
        description: reportDescription,
        querystring: meetingFileQuerySchema,
        response: createdResponses(meetingImportResultSchema),
      },
      bodyLimit: REPORT_BODY_LIMIT,
    },
    async (request, reply) => {
      const { input, options } = reportFrom(request);
      return reply.status(201).send(await importMeeting(app.db, actorOf(request), input, options));
    },
  );

  r.get(
    '/meetings/:id',
    { schema: { tags, summary: '会议详情（含要求）', params: idParams, response: responses(meetingSchema) } },
    async (request) => getMeeting(app.db, actorOf(request), request.params.id),
  );

  r.post(
    '/meetings',
    {
      schema: {
        tags,
        summary: '登记会议',
        body: meetingCreateSchema,
        response: createdResponses(meetingSchema),
      },
      bodyLimit: REPORT_BODY_LIMIT,
    },
    async (request, reply) =>
      reply.status(201).send(await createMeeting(app.db, actorOf(request), request.body)),
  );

  r.patch(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: '修改会议（或退回草稿）',
        params: idParams,
        body: meetingUpdateSchema,
        response: responses(meetingSchema),
      },
    },
    async (request) => updateMeeting(app.db, actorOf(request), request.params.id, request.body),
  );

  r.delete(
    '/meetings/:id',
    { schema: { tags, summary: '删除会议', params: idParams, response: responses(okSchema) } },
    async (request) => {
      await deleteMeeting(app.db, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/meetings/:id/review',
    {
      schema: {
        tags,
        summary: '完成要求审核（每条要求都须采纳或不采纳）',
        params: idParams,
        response: responses(meetingSchema),
      },
    },
    async (request) => markReviewed(app.db, actorOf(request), request.params.id),
  );

  r.post(
    '/meetings/:id/unreadable',
    {
      schema: {
        tags,
        summary: '对正文中的一处乱码作出决定（采用建议文字，或保留标记）',
        description: '`start` 为乱码在会议当前规范文本中的起始位置；采用建议后不能撤回。',
        params: idParams,
        body: unreadableDecisionSchema,
        response: responses(meetingSchema),
      },
    },
    async (request) => decideUnreadable(app.db, actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/meetings/:id/directives/export.xlsx',
    { schema: { tags, summary: '导出会议要求（Excel）', params: idParams } },
    async (request, reply) => {
      const items = await listDirectives(app.db, actorOf(request), request.params.id);
      const list = (values: unknown) => (values as string[]).join('、');
      return sendWorkbook(
        reply,
        '会议要求',
        [
          { header: '序号', key: 'seq', width: 8 },
          { header: '要求内容', key: 'text', width: 80 },
          {
            header: '类别',
            key: 'category',
            width: 12,
            format: (v) => labelOf(directiveCategoryLabels, v),
          },
          { header: '涉及单位', key: 'units', width: 24, format: list },
          { header: '涉及区域', key: 'regions', width: 20, format: list },
          {
            header: '数字',
            key: 'numbers',
            width: 24,
            format: (v) => (v as { text: string }[]).map((n) => n.text).join('、'),
          },
          { header: '时限', key: 'deadline', width: 14 },
          {
            header: '状态',
            key: 'status',
            width: 10,
            format: (v) => labelOf(directiveStatusLabels, v),
          },
        ],
        items,
      );
    },
  );

  r.post(
    '/meetings/:id/directives',
    {
      schema: {
        tags,
        summary: '手工新增要求（可关联正文中的一段）',
        params: idParams,
        body: directiveCreateSchema,
        response: createdResponses(directiveSchema),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addDirective(app.db, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/meetings/:id/directives/merge',
    {
      schema: {
        tags,
        summary: '合并相邻要求',
        params: idParams,
        body: directiveMergeSchema,
        response: responses(directiveSchema),
      },
    },
    async (request) => mergeDirectives(app.db, actorOf(request), request.params.id, request.body.ids),
  );

  r.post(
    '/meetings/:id/directives/accept-remaining',
    {
      schema: {
        tags,
        summary: '采纳全部待审核要求（一次完成）',
        params: idParams,
        response: responses(z.array(directiveSchema)),
      },
    },
    async (request) => acceptRemainingDirectives(app.db, actorOf(request), request.params.id),
  );

  r.patch(
    '/meetings/:id/directives/:directiveId',
    {
      schema: {
        tags,
        summary: '修改要求（内容、类别、单位、区域、数字、时限、接受/舍弃）',
        params: directiveParams,
        body: directiveUpdateSchema,
        response: responses(directiveSchema),
      },
    },
    async (request) =>
      updateDirective(app.db, actorOf(request), request.params.id, request.params.directiveId, request.body),
  );

  r.post(
    '/meetings/:id/directives/:directiveId/split',
    {
      schema: {
        tags,
        summary: '把一条要求拆成两条',
        params: directiveParams,
        body: directiveSplitSchema,
        response: responses(z.array(directiveSchema)),
      },
    },
    async (request) =>
      splitDirective(
        app.db,
        actorOf(request),
        request.params.id,
        request.params.directiveId,
        request.body.at,
      ),
  );
}
