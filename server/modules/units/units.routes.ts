// HTTP for units: list, view, create, edit, delete, export.
import type { FastifyInstance } from 'fastify';
import { idParamsSchema as idParams, okSchema } from '../../../shared/contracts/common.ts';
import {
  unitCreateSchema,
  unitListQuerySchema,
  unitListSchema,
  unitSchema,
  unitUpdateSchema,
} from '../../../shared/contracts/units.ts';
import { sendWorkbook } from '../../excel.ts';
import { actorOf, createdResponses, responses, typed } from '../../http.ts';
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from './units.service.ts';

const kindLabels: Record<string, string> = {
  hq_office: '指挥部办公室',
  working_group: '工作组',
  department: '职能部门',
  district: '县市区',
  enterprise: '企业',
};

export async function unitRoutes(app: FastifyInstance) {
  const r = typed(app);
  const tags = ['units'];

  r.get(
    '/units',
    {
      schema: {
        tags,
        summary: '单位列表',
        querystring: unitListQuerySchema,
        response: responses(unitListSchema),
      },
    },
    async (request) => {
      const result = await listUnits(app.db, actorOf(request), request.query);
      return { ...result, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/units/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出单位列表（Excel）',
        querystring: unitListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const { items } = await listUnits(app.db, actorOf(request), {
        ...request.query,
        page: 1,
        pageSize: 100_000,
      });
      return sendWorkbook(
        reply,
        '单位列表',
        [
          { header: '单位名称', key: 'name', width: 36 },
          { header: '简称', key: 'shortName', width: 14 },
          { header: '类别', key: 'kind', width: 14, format: (v) => kindLabels[String(v)] ?? String(v) },
          { header: '上级单位', key: 'parentName', width: 30 },
          { header: '所属区域', key: 'regionName', width: 16 },
          { header: '区划代码', key: 'regionCode', width: 16 },
          { header: '联系电话', key: 'contactPhone', width: 16 },
          { header: '账号数', key: 'userCount', width: 10 },
        ],
        items,
      );
    },
  );

  r.get(
    '/units/:id',
    { schema: { tags, summary: '单位详情', params: idParams, response: responses(unitSchema) } },
    async (request) => getUnit(app.db, actorOf(request), request.params.id),
  );

  r.post(
    '/units',
    { schema: { tags, summary: '新建单位', body: unitCreateSchema, response: createdResponses(unitSchema) } },
    async (request, reply) =>
      reply.status(201).send(await createUnit(app.db, actorOf(request), request.body)),
  );

  r.patch(
    '/units/:id',
    {
      schema: {
        tags,
        summary: '修改单位',
        params: idParams,
        body: unitUpdateSchema,
        response: responses(unitSchema),
      },
    },
    async (request) => updateUnit(app.db, actorOf(request), request.params.id, request.body),
  );

  r.delete(
    '/units/:id',
    { schema: { tags, summary: '删除单位', params: idParams, response: responses(okSchema) } },
    async (request) => {
      await deleteUnit(app.db, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );
}
