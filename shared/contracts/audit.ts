// Audit log API shapes.
import { z } from 'zod';
import { pageOf } from './common.ts';

export const auditActionValues = [
  'create',
  'update',
  'delete',
  'view_personal',
  'login',
  'login_failed',
  'logout',
  'password_change',
] as const;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorUsername: z.string().nullable(),
  /** The account's name as it is now; null once the account is gone. */
  actorName: z.string().nullable(),
  action: z.enum(auditActionValues),
  entity: z.string(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  /**
   * Parts withheld because they lie outside the reader's scope (a unit moved from another district): the
   * before or after state, and the entry's region code. Empty when the reader sees the whole entry.
   */
  hidden: z.array(z.enum(['before', 'after', 'regionCode'])),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListSchema = pageOf(auditEntrySchema);

/** What each kind of record is called in the exported log (the web UI has its own, translated, labels). */
export const auditEntityLabels: Record<string, string> = {
  user: '账号',
  unit: '单位',
  region: '区域',
  session: '登录会话',
  meeting: '会议',
  directive: '会议要求',
};

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.enum(auditActionValues).optional(),
  entity: z.string().trim().max(32).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
