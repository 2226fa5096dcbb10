// HTTP for browsing the audit log (HQ administrators).
import type { FastifyInstance } from 'fastify';
import { auditEntityLabels, auditListSchema, auditQuerySchema } from '../../../shared/contracts/audit.ts';
import { beijingDateTime, sendWorkbook } from '../../excel.ts';
import { actorOf, responses, typed } from '../../http.ts';
import { listAuditEntries } from './audit.service.ts';

const actionLabels: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  view_personal: '查看个人信息',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  password_change: '修改密码',
};

export async function auditRoutes(app: FastifyInstance) {
  typed(app).get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: auditQuerySchema,
        response: responses(auditListSchema),
      },
    },
    async (request) => {
      const result = await listAuditEntries(app.db, actorOf(request), request.query);
      return { ...result, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  typed(app).get(
    '/audit/export.xlsx',
    {
      schema: {
        tags: ['audit'],
        summary: '导出审计日志（Excel，最多5万条）',
        querystring: auditQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const { items } = await listAuditEntries(app.db, actorOf(request), {
        ...request.query,
        page: 1,
        pageSize: 50_000,
      });
      return sendWorkbook(
        reply,
        '审计日志',
        [
          { header: '时间', key: 'at', width: 20, format: beijingDateTime },
          { header: '操作人', key: 'actorName', width: 12 },
          { header: '用户名', key: 'actorUsername', width: 14 },
          { header: '操作', key: 'action', width: 14, format: (v) => actionLabels[String(v)] ?? String(v) },
          {
            header: '对象',
            key: 'entity',
            width: 10,
            format: (v) => auditEntityLabels[String(v)] ?? String(v),
          },
          { header: '对象编号', key: 'entityId', width: 18 },
          { header: '区域代码', key: 'regionCode', width: 18 },
          { header: '摘要', key: 'summary', width: 40 },
          { header: '来源地址', key: 'ip', width: 16 },
        ],
        items,
      );
    },
  );
}
