// HTTP for tasks: create (directly or from directives), list in scope, read with its timeline, send events, files.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParamSchema, idParamsSchema as idParams } from '../../../shared/contracts/common.ts';
import { taskProposalListSchema } from '../../../shared/contracts/task-proposals.ts';
import {
  attachmentSchema,
  taskCreatedSchema,
  taskCreateSchema,
  taskEventInputSchema,
  taskListQuerySchema,
  taskListSchema,
  taskSchema,
  taskUpdateSchema,
} from '../../../shared/contracts/tasks.ts';
import { sendWorkbook } from '../../excel.ts';
import { actorOf, createdResponses, responses, typed } from '../../http.ts';
import { ATTACHMENT_MAX_BYTES, addAttachment, readAttachment } from './tasks.attachments.ts';
import { taskStatusLabels } from './tasks.labels.ts';
import { proposeMeetingTasks } from './tasks.proposal.ts';
import { createTask, getTask, listTasks, sendTaskEvent, updateTask } from './tasks.service.ts';

const categoryLabels: Record<string, string> = {
  epidemic: '疫情防控',
  economy: '经济运行',
  safety: '安全发展',
  governance: '社会治理',
  other: '其他',
};
const lightLabels: Record<string, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', grey: '—' };

const attachmentTypes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

export async function taskRoutes(app: FastifyInstance) {
  // Attachments arrive as the file itself (application/octet-stream and .xlsx are read as bytes app-wide).
  app.addContentTypeParser(attachmentTypes, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const r = typed(app);
  const tags = ['tasks'];

  r.post(
    '/tasks',
    {
      schema: {
        tags,
        summary: '交办任务（可由会议要求生成；“各县市区”可一次分解到每个县市区）',
        body: taskCreateSchema,
        response: createdResponses(taskCreatedSchema),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id, subtasks } = await createTask(app.db, actor, request.body);
      return reply.status(201).send({ ...(await getTask(app.db, actor, id)), subtasks });
    },
  );

  r.get(
    '/meetings/:id/task-proposals',
    {
      schema: {
        tags,
        summary:
          '转为任务：为审核完成的会议的每条已采纳要求建议牵头单位、配合单位、期限、类别和区域（不保存）',
        description:
          '每条建议附 reasons 说明依据（例如“市卫健委 → 宜昌市卫生健康委员会”“11月底前 → 2022-11-30”），由工作人员确认或修改后 POST /api/tasks。',
        params: idParams,
        response: responses(taskProposalListSchema),
      },
    },
    async (request) => ({ items: await proposeMeetingTasks(app.db, actorOf(request), request.params.id) }),
  );

  r.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: '任务列表（按权限范围；page 或 cursor 翻页）',
        querystring: taskListQuerySchema,
        response: responses(taskListSchema),
      },
    },
    async (request) => listTasks(app.db, actorOf(request), request.query),
  );

  r.get(
    '/tasks/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出任务列表（Excel）',
        querystring: taskListQuerySchema.omit({ page: true, pageSize: true, cursor: true }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const items = [];
      let cursor: string | undefined;
      // Page by cursor so a large export never holds more than the rows it writes.
      for (let guard = 0; guard < 1000; guard++) {
        const page = await listTasks(app.db, actor, { ...request.query, pageSize: 100, cursor });
        items.push(...page.items);
        if (!page.nextCursor || items.length >= 100_000) break;
        cursor = page.nextCursor;
      }
      return sendWorkbook(
        reply,
        '任务列表',
        [
          { header: '编号', key: 'id', width: 8 },
          { header: '任务', key: 'title', width: 40 },
          {
            header: '类别',
            key: 'category',
            width: 10,
            format: (v) => categoryLabels[String(v)] ?? String(v),
          },
          { header: '区域', key: 'regionName', width: 12 },
          { header: '牵头单位', key: 'leadUnitName', width: 28 },
          {
            header: '状态',
            key: 'status',
            width: 10,
            format: (v) => taskStatusLabels[v as never] ?? String(v),
          },
          { header: '期限', key: 'dueAt', width: 18 },
          { header: '下次报送', key: 'nextDueAt', width: 18 },
          { header: '亮灯', key: 'light', width: 8, format: (v) => lightLabels[String(v)] ?? String(v) },
          { header: '挂牌督办', key: 'listed', width: 10, format: (v) => (v ? '是' : '') },
          { header: '进度(%)', key: 'progress', width: 10 },
        ],
        items.map((t) => ({ ...t, leadUnitName: t.leadUnit.name })),
      );
    },
  );

  r.get(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: '任务详情（承办单位、时间线、报告、可执行的操作）',
        params: idParams,
        response: responses(taskSchema),
      },
    },
    async (request) => getTask(app.db, actorOf(request), request.params.id),
  );

  r.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: '修改任务内容',
        params: idParams,
        body: taskUpdateSchema,
        response: responses(taskSchema),
      },
    },
    async (request) => updateTask(app.db, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/tasks/:id/events',
    {
      schema: {
        tags,
        summary: '任务操作：签收、报送进展、报送办结、退回、办结、拒收、改派、延期、催办、挂牌督办、撤销',
        description:
          '不允许的操作：状态不符 409（INVALID_TRANSITION），无权 403，不在管辖范围 404。可执行的操作见任务详情的 allowedEvents。',
        params: idParams,
        body: taskEventInputSchema,
        response: responses(taskSchema),
      },
    },
    async (request) => sendTaskEvent(app.db, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/tasks/:id/attachments',
    {
      bodyLimit: ATTACHMENT_MAX_BYTES + 1024,
      schema: {
        tags,
        summary: '上传附件（照片、PDF、Word/Excel/PowerPoint），请求体为文件本身',
        description:
          '文件类型按内容识别，不超过 10 MB；上传后在“报送进展”或“报送办结”时以 attachmentIds 引用。',
        params: idParams,
        querystring: z.object({ fileName: z.string().max(200).optional() }),
        response: createdResponses(attachmentSchema),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const created = await addAttachment(app.db, actorOf(request), request.params.id, {
        bytes,
        fileName: request.query.fileName,
      });
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/tasks/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: '下载附件',
        params: z.object({ id: idParamSchema, attachmentId: idParamSchema }),
      },
    },
    async (request, reply) => {
      const file = await readAttachment(
        app.db,
        actorOf(request),
        request.params.id,
        request.params.attachmentId,
      );
      const inline = file.contentType.startsWith('image/') || file.contentType === 'application/pdf';
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(file.data);
    },
  );
}
