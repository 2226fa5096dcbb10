// Files a unit attaches to its reports: photos, PDFs and Office documents, typed by their bytes and size-limited.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { assertSafeArchive } from '../../zip-guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, can, requirePermission } from '../auth/actor.ts';
import { loadAssignments, taskScopeFilter } from './tasks.scope.ts';
import { taskAttachments, tasks } from './tasks.table.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const officeTypes: Record<string, string> = {
  'word/': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'xl/': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'ppt/': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** What the bytes are, whatever the name or the browser says: JPEG, PNG, GIF, WebP, PDF, .docx/.xlsx/.pptx. */
export function sniffContentType(bytes: Buffer): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (
    bytes.subarray(0, 6).toString('latin1') === 'GIF87a' ||
    bytes.subarray(0, 6).toString('latin1') === 'GIF89a'
  )
    return 'image/gif';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // Office files are zips whose entry names say which kind; the names sit in plain text in the archive.
    const names = bytes.toString('latin1');
    if (!names.includes('[Content_Types].xml')) return null;
    for (const [folder, type] of Object.entries(officeTypes)) if (names.includes(folder)) return type;
  }
  return null;
}

const extensionOf: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  [officeTypes['word/']!]: '.docx',
  [officeTypes['xl/']!]: '.xlsx',
  [officeTypes['ppt/']!]: '.pptx',
};

/** A name safe to store and send back: no path, no control characters, the extension its bytes deserve. */
function cleanFileName(name: string | undefined, type: string): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .trim()
    .slice(0, 100);
  const ext = extensionOf[type] ?? '';
  const stem = base.replace(/\.[^.]*$/, '') || '附件';
  return `${stem}${ext}`;
}

/** Anyone of a unit taking part may attach, and the office; a leader or inspector reads only. */
async function checkMayAttach(
  tx: Db,
  actor: Actor,
  taskId: number,
): Promise<{ unitId: number | null; regionCode: string }> {
  const [task] = await tx
    .select({ id: tasks.id, status: tasks.status, regionCode: tasks.regionCode })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), taskScopeFilter(actor)));
  if (!task) throw new AppError('NOT_FOUND', `任务 ${taskId} 不存在或不在您的管辖范围内`);
  if (task.status === 'done' || task.status === 'cancelled')
    throw new AppError('INVALID_TRANSITION', '已办结或已撤销的任务不能再上传附件', [
      { field: 'status', message: task.status },
    ]);
  const mine = (await loadAssignments(tx, taskId)).find((a) => a.unitId === actor.unitId);
  if (mine && actor.role !== 'leader' && actor.role !== 'inspector')
    return { unitId: mine.unitId, regionCode: task.regionCode };
  if (can(actor, 'tasks:write')) return { unitId: null, regionCode: task.regionCode };
  throw new AppError('FORBIDDEN', '只有承办单位和指挥部办公室可以上传附件');
}

export async function addAttachment(
  db: Db,
  actor: Actor,
  taskId: number,
  file: { bytes: Buffer; fileName?: string },
): Promise<{ id: number; fileName: string; contentType: string; size: number; createdAt: string }> {
  requirePermission(actor, 'tasks:read');
  if (!file.bytes.length)
    throw new AppError('VALIDATION', '附件是空文件', [{ field: 'file', message: '空文件' }]);
  if (file.bytes.length > ATTACHMENT_MAX_BYTES)
    throw new AppError('VALIDATION', `附件不能超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`, [
      { field: 'file', message: '过大' },
    ]);
  const contentType = sniffContentType(file.bytes);
  if (!contentType)
    throw new AppError(
      'VALIDATION',
      '只能上传照片（JPG、PNG、GIF、WebP）、PDF 或 Word、Excel、PowerPoint（.docx/.xlsx/.pptx）文件',
      [{ field: 'file', message: '文件类型不支持' }],
    );
  if (contentType.startsWith('application/vnd.openxmlformats'))
    await assertSafeArchive(file.bytes, {
      what: '附件',
      damaged: () =>
        new AppError('VALIDATION', '附件已损坏，无法打开', [{ field: 'file', message: '已损坏' }]),
    });
  return db.transaction(async (tx) => {
    const { unitId, regionCode } = await checkMayAttach(tx, actor, taskId);
    const fileName = cleanFileName(file.fileName, contentType);
    const [row] = await tx
      .insert(taskAttachments)
      .values({
        taskId,
        unitId,
        fileName,
        contentType,
        size: file.bytes.length,
        data: file.bytes,
        createdBy: actor.id > 0 ? actor.id : null,
      })
      .returning({ id: taskAttachments.id, createdAt: taskAttachments.createdAt });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'task_attachment',
      entityId: row!.id,
      regionCode,
      summary: `为任务 ${taskId} 上传附件 ${fileName}`,
    });
    return {
      id: row!.id,
      fileName,
      contentType,
      size: file.bytes.length,
      createdAt: row!.createdAt.toISOString(),
    };
  });
}

/** The file, only for someone who can read its task. */
export async function readAttachment(
  db: Db,
  actor: Actor,
  taskId: number,
  attachmentId: number,
): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  requirePermission(actor, 'tasks:read');
  const [row] = await db
    .select({
      fileName: taskAttachments.fileName,
      contentType: taskAttachments.contentType,
      data: taskAttachments.data,
    })
    .from(taskAttachments)
    .innerJoin(tasks, eq(tasks.id, taskAttachments.taskId))
    .where(
      and(eq(taskAttachments.id, attachmentId), eq(taskAttachments.taskId, taskId), taskScopeFilter(actor)),
    );
  if (!row) throw new AppError('NOT_FOUND', '附件不存在或不在您的管辖范围内');
  return row;
}
