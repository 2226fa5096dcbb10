// HTTP for supervision: the evaluation ranking (table and Excel), the office's settings, the 督办通知书 document.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { idParamsSchema as idParams } from '../../../shared/contracts/common.ts';
import {
  rankingQuerySchema,
  rankingSchema,
  supervisionSettingsSchema,
  supervisionSettingsUpdateSchema,
} from '../../../shared/contracts/supervision.ts';
import { AppError } from '../../errors.ts';
import { actorOf, responses, typed } from '../../http.ts';
import { beijingDate } from '../tasks/tasks.dates.ts';
import { daysOverdue } from '../tasks/tasks.machine.ts';
import { getTask } from '../tasks/tasks.service.ts';
import { rankingFileName, writeRankingWorkbook, XLSX_CONTENT_TYPE } from './supervision.excel.ts';
import {
  getSupervisionSettings,
  rankUnitsForPeriod,
  updateSupervisionSettings,
} from './supervision.service.ts';
import {
  buildSupervisionNotice,
  DOCX_CONTENT_TYPE,
  supervisionNoticeFileName,
} from './supervision-notice.docx.ts';

const attachmentHeader = (name: string) =>
  `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function supervisionRoutes(app: FastifyInstance) {
  const r = typed(app);
  const tags = ['supervision'];

  r.get(
    '/supervision/ranking',
    {
      schema: {
        tags,
        summary: '督办考评排名与红黑榜（按期间，按权限范围内的任务）',
        querystring: rankingQuerySchema,
        response: responses(rankingSchema),
      },
    },
    async (request) => rankUnitsForPeriod(app.db, actorOf(request), request.query),
  );

  r.get(
    '/supervision/ranking/export.xlsx',
    { schema: { tags, summary: '导出考评排名（Excel）', querystring: rankingQuerySchema } },
    async (request, reply) => {
      const ranking = await rankUnitsForPeriod(app.db, actorOf(request), request.query);
      const out = new PassThrough();
      writeRankingWorkbook(ranking, out).catch((err) => out.destroy(err));
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', attachmentHeader(rankingFileName(ranking)))
        .send(out);
    },
  );

  r.get(
    '/supervision/settings',
    {
      schema: {
        tags,
        summary: '督办考评设置（黄灯天数、挂牌条件、评分权重、红黑榜）',
        response: responses(supervisionSettingsSchema),
      },
    },
    async (request) => getSupervisionSettings(app.db, actorOf(request)),
  );

  r.patch(
    '/supervision/settings',
    {
      schema: {
        tags,
        summary: '修改督办考评设置（管理员）',
        body: supervisionSettingsUpdateSchema,
        response: responses(supervisionSettingsSchema),
      },
    },
    async (request) => updateSupervisionSettings(app.db, actorOf(request), request.body),
  );

  r.get(
    '/tasks/:id/supervision-notice.docx',
    { schema: { tags, summary: '下载挂牌督办任务的督办通知书（Word）', params: idParams } },
    async (request, reply) => {
      const task = await getTask(app.db, actorOf(request), request.params.id);
      if (!task.listed || !task.noticeNumber)
        throw new AppError('INVALID_TRANSITION', '任务未挂牌督办，没有督办通知书', [
          { field: 'listed', message: 'false' },
        ]);
      const now = new Date();
      const deadline = task.nextDueAt ? new Date(task.nextDueAt) : null;
      const buffer = await buildSupervisionNotice({
        number: task.noticeNumber,
        issuedOn: beijingDate(now),
        toUnit: task.leadUnit.name,
        taskTitle: task.title,
        taskDescription: task.description,
        meetingTitle: task.meetingTitle,
        originalDueAt: task.originalDueAt,
        dueAt: task.dueAt ?? task.nextDueAt,
        daysOverdue: daysOverdue(deadline, now),
        requirement: '请于3日内办结，并将办理情况书面报送市疫情防控指挥部办公室',
        supervisor: task.supervisor?.displayName ?? null,
        issuer: '宜昌市疫情防控指挥部办公室',
      });
      return reply
        .header('content-type', DOCX_CONTENT_TYPE)
        .header('content-disposition', attachmentHeader(supervisionNoticeFileName(task.noticeNumber)))
        .send(buffer);
    },
  );
}
