// HTTP for browsing the audit log (HQ administrators).
import type { FastifyInstance } from 'fastify';
import { auditListSchema, auditQuerySchema } from '../../../shared/contracts/audit.ts';
import { actorOf, responses, typed } from '../../http.ts';
import { listAuditEntries } from './audit.service.ts';

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
}
