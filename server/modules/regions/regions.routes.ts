// HTTP for the division tree: browse, search, and manage grids (one by one or by import).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { okSchema } from '../../../shared/contracts/common.ts';
import {
  gridCreateSchema,
  gridImportResultSchema,
  regionCodeParamSchema,
  regionListSchema,
  regionSchema,
  regionSearchQuerySchema,
  regionUpdateSchema,
} from '../../../shared/contracts/regions.ts';
import { sendWorkbook } from '../../excel.ts';
import { actorOf, createdResponses, forgetOnWrite, responses, typed } from '../../http.ts';
import { scopeParam } from '../auth/scope.ts';
import { gridTemplate, importGridsFromFile } from './regions.import.ts';
import {
  createGrid,
  deleteGrid,
  getRegion,
  listChildRegions,
  listCommunitiesUnder,
  searchRegions,
  updateRegion,
} from './regions.service.ts';

const levelLabels = {
  city: '市',
  county: '县区',
  township: '乡镇街道',
  community: '社区村',
  grid: '网格',
} as const;

export async function regionRoutes(app: FastifyInstance) {
  const r = typed(app);
  const tags = ['regions'];
  forgetOnWrite(app, 'regions');

  r.get(
    '/regions',
    {
      schema: {
        tags,
        summary: '搜索区域（名称或代码）',
        querystring: regionSearchQuerySchema,
        response: responses(regionListSchema),
      },
    },
    async (request) => {
      const result = await searchRegions(app.db, actorOf(request), request.query);
      return { ...result, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/regions/:code',
    {
      schema: { tags, summary: '区域详情', params: regionCodeParamSchema, response: responses(regionSchema) },
    },
    async (request) => getRegion(app.db, actorOf(request), request.params.code),
  );

  r.get(
    '/regions/:code/children',
    {
      schema: {
        tags,
        summary: '下级区域',
        params: regionCodeParamSchema,
        response: responses(z.array(regionSchema.omit({ path: true }))),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      // Kept per role and scope: the same for every 西陵区 liaison, and dropped when any region changes.
      const key = `children:${request.params.code}:${actor.role}:${scopeParam(actor)}`;
      return app.readCache.read(['regions'], key, () => listChildRegions(app.db, actor, request.params.code));
    },
  );

  r.get(
    '/regions/:code/children/export.xlsx',
    { schema: { tags, summary: '导出下级区域（Excel）', params: regionCodeParamSchema } },
    async (request, reply) => {
      const actor = actorOf(request);
      const [parent, children] = await Promise.all([
        getRegion(app.db, actor, request.params.code),
        listChildRegions(app.db, actor, request.params.code),
      ]);
      const rows = children.map((c) => ({
        ...c,
        levelName: levelLabels[c.level],
        share: c.population ? Math.round((c.populationAged60Plus / c.population) * 1000) / 10 : null,
      }));
      return sendWorkbook(
        reply,
        `${parent.name}下级区域`,
        [
          { header: '名称', key: 'name', width: 20 },
          { header: '规范名称', key: 'officialName', width: 28 },
          { header: '区划代码', key: 'code', width: 18 },
          { header: '层级', key: 'levelName', width: 10 },
          { header: '常住人口', key: 'population', width: 12 },
          { header: '60岁以上人口', key: 'populationAged60Plus', width: 14 },
          { header: '60岁以上占比(%)', key: 'share', width: 16 },
          { header: '下级数量', key: 'childCount', width: 10 },
        ],
        rows,
      );
    },
  );

  r.post(
    '/regions/grids',
    {
      schema: { tags, summary: '新建网格', body: gridCreateSchema, response: createdResponses(regionSchema) },
    },
    async (request, reply) =>
      reply.status(201).send(await createGrid(app.db, actorOf(request), request.body)),
  );

  r.post(
    '/regions/grids/import',
    {
      schema: {
        tags,
        summary: '导入网格（Excel 或 CSV，全部成功或全部不导入）',
        description:
          '请求体为文件本身（Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 text/csv）。列：所属社区代码、网格名称、网格代码（可选）、常住人口、60岁以上人口。',
        response: responses(gridImportResultSchema),
      },
      bodyLimit: 10 * 1024 * 1024,
    },
    async (request) =>
      importGridsFromFile(app.db, actorOf(request), request.body as Buffer, request.headers['content-type']),
  );

  r.get(
    '/regions/:code/grid-template.xlsx',
    {
      schema: {
        tags,
        summary: '下载网格导入模板（Excel，含该区域的社区代码）',
        params: regionCodeParamSchema,
      },
    },
    async (request, reply) => {
      const { region, communities } = await listCommunitiesUnder(
        app.db,
        actorOf(request),
        request.params.code,
      );
      const filename = `${region.name}网格导入模板.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="grid-template.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        )
        .send(await gridTemplate(region, communities));
    },
  );

  r.patch(
    '/regions/:code',
    {
      schema: {
        tags,
        summary: '修改区域（网格名称、人口）',
        params: regionCodeParamSchema,
        body: regionUpdateSchema,
        response: responses(regionSchema),
      },
    },
    async (request) => updateRegion(app.db, actorOf(request), request.params.code, request.body),
  );

  r.delete(
    '/regions/:code',
    { schema: { tags, summary: '删除网格', params: regionCodeParamSchema, response: responses(okSchema) } },
    async (request) => {
      await deleteGrid(app.db, actorOf(request), request.params.code);
      return { ok: true as const };
    },
  );
}
