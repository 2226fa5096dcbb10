// HTTP for accounts: list, view, create, edit, unlock, and the audited look at personal data.
import type { FastifyInstance } from 'fastify';
import { idParamsSchema as idParams } from '../../../shared/contracts/common.ts';
import {
  personalDataSchema,
  userCreateSchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
  userUpdateSchema,
} from '../../../shared/contracts/users.ts';
import { sendWorkbook } from '../../excel.ts';
import { actorOf, createdResponses, forgetOnWrite, responses, typed } from '../../http.ts';
import { createUser, getUser, listUsers, unlockUser, updateUser, viewPersonalData } from './users.service.ts';

const roleLabels: Record<string, string> = {
  hq_admin: '指挥部管理员',
  hq_staff: '指挥部工作人员',
  leader: '领导',
  unit_liaison: '单位联络员',
  inspector: '督导组',
  grid_worker: '网格员',
};

export async function userRoutes(app: FastifyInstance) {
  const r = typed(app);
  const tags = ['users'];
  // Meeting lists show who recorded each meeting.
  forgetOnWrite(app, 'users');

  r.get(
    '/users',
    {
      schema: {
        tags,
        summary: '账号列表（个人信息已脱敏）',
        querystring: userListQuerySchema,
        response: responses(userListSchema),
      },
    },
    async (request) => {
      const result = await listUsers(app.db, actorOf(request), request.query);
      return { ...result, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/users/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出账号列表（Excel，个人信息已脱敏）',
        querystring: userListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const { items } = await listUsers(app.db, actorOf(request), {
        ...request.query,
        page: 1,
        pageSize: 100_000,
      });
      // The same words as the list on screen: 正常, 已锁定, 已停用.
      const status = (u: (typeof items)[number]) => (!u.active ? '已停用' : u.locked ? '已锁定' : '正常');
      const rows = items.map((u) => ({
        ...u,
        unitName: u.unit.name,
        scopeName: u.scopeRegion.name,
        status: status(u),
      }));
      return sendWorkbook(
        reply,
        '账号列表',
        [
          { header: '用户名', key: 'username', width: 16 },
          { header: '姓名', key: 'displayName', width: 12 },
          { header: '角色', key: 'role', width: 16, format: (v) => roleLabels[String(v)] ?? String(v) },
          { header: '所属单位', key: 'unitName', width: 30 },
          { header: '管辖区域', key: 'scopeName', width: 20 },
          { header: '手机号', key: 'phone', width: 16 },
          { header: '身份证号', key: 'idNumber', width: 22 },
          { header: '状态', key: 'status', width: 8 },
        ],
        rows,
      );
    },
  );

  r.get(
    '/users/:id',
    {
      schema: {
        tags,
        summary: '账号详情（个人信息已脱敏）',
        params: idParams,
        response: responses(userSchema),
      },
    },
    async (request) => getUser(app.db, actorOf(request), request.params.id),
  );

  r.get(
    '/users/:id/personal',
    {
      schema: {
        tags,
        summary: '查看完整身份证号和手机号（仅管理员，留痕）',
        params: idParams,
        response: responses(personalDataSchema),
      },
    },
    async (request) => viewPersonalData(app.db, actorOf(request), request.params.id),
  );

  r.post(
    '/users',
    { schema: { tags, summary: '新建账号', body: userCreateSchema, response: createdResponses(userSchema) } },
    async (request, reply) =>
      reply.status(201).send(await createUser(app.db, actorOf(request), request.body)),
  );

  r.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: '修改账号（含停用、重置密码）',
        params: idParams,
        body: userUpdateSchema,
        response: responses(userSchema),
      },
    },
    async (request) => {
      const user = await updateUser(app.db, actorOf(request), request.params.id, request.body);
      // The account's next request, here, sees its new role, scope or 401; other servers hear it from the database.
      app.sessionCache.forgetUser(user.id);
      return user;
    },
  );

  r.post(
    '/users/:id/unlock',
    {
      schema: {
        tags,
        summary: '解锁账号（登录失败次数过多被锁定时，不改密码）',
        params: idParams,
        response: responses(userSchema),
      },
    },
    async (request) => unlockUser(app.db, actorOf(request), request.params.id),
  );
}
