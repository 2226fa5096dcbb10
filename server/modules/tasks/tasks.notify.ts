// Who hears of a task's events, and how loudly: in-app notifications written in the event's transaction.
import type { TaskEventType } from '../../../shared/contracts/tasks.ts';
import type { Db } from '../../db/client.ts';
import { type NewNotification, notifyUnit, notifyUsers } from '../notifications/notifications.service.ts';
import { reminderLevel, taskEventLabels } from './tasks.labels.ts';
import type { TaskContext } from './tasks.scope.ts';

/** The region one level up: a township's district, a district's city; the city has none. */
export function parentRegionCode(code: string): string | null {
  if (code.length === 15) return `${code.slice(0, 12)}`;
  if (code.endsWith('00000000')) return null;
  if (code.endsWith('000000')) return `${code.slice(0, 4)}00000000`;
  if (code.endsWith('000')) return `${code.slice(0, 6)}000000`;
  return `${code.slice(0, 9)}000`;
}

/** Who is told of an event, and how loudly. Runs in the event's transaction: no event, no notification. */
export async function notifyTaskEvent(
  tx: Db,
  ctx: TaskContext,
  event: TaskEventType,
  payload: Record<string, unknown>,
  note: string | null,
): Promise<void> {
  const { task } = ctx;
  const base = {
    link: `/tasks/${task.id}`,
    recordKind: 'task',
    recordId: task.id,
    regionCode: task.regionCode,
  };
  const title = `任务「${task.title}」`;
  const units = ctx.assignments.filter((a) => a.status !== 'declined').map((a) => a.unitId);
  const tell = async (unitIds: number[], n: Omit<NewNotification, keyof typeof base>) => {
    for (const unitId of new Set(unitIds)) await notifyUnit(tx, unitId, { ...base, ...n });
  };
  const creator = task.createdBy ? [task.createdBy] : [];
  switch (event) {
    case 'assign':
      return tell(units, { kind: 'assigned', title: `新交办：${title}`, body: task.description });
    case 'remind': {
      const level = (payload.level as NewNotification['level']) ?? reminderLevel(task.reminders + 1);
      const count = Number(payload.count ?? task.reminders + 1);
      return tell(units, {
        kind: 'reminder',
        level,
        title: `催办（第${count}次）：${title}`,
        body: note ?? (payload.reason === 'due_soon' ? '即将到期，请抓紧办理' : '已逾期，请尽快办结并报送'),
      });
    }
    case 'return':
      return tell([ctx.lead.unitId], {
        kind: 'returned',
        level: 'orange',
        title: `被退回：${title}`,
        body: note,
      });
    case 'list':
      await tell(units, { kind: 'listed', level: 'red', title: `挂牌督办：${title}`, body: note });
      if (payload.supervisorId)
        await notifyUsers(tx, [Number(payload.supervisorId)], {
          ...base,
          kind: 'listed',
          level: 'red',
          title: `请您督办：${title}`,
          body: note,
        });
      return;
    case 'approve_extension':
    case 'refuse_extension':
      return tell([ctx.lead.unitId], {
        kind: 'extension',
        level: event === 'approve_extension' ? 'blue' : 'orange',
        title: `${taskEventLabels[event]}：${title}`,
        body: note,
      });
    case 'reassign': {
      const toUnit = payload.toUnit as { id: number } | undefined;
      if (toUnit) await tell([toUnit.id], { kind: 'assigned', title: `改派给您：${title}`, body: note });
      return;
    }
    case 'insist':
      return tell(ctx.declined ? [ctx.declined.unitId] : units, {
        kind: 'assigned',
        level: 'orange',
        title: `坚持交办：${title}`,
        body: note,
      });
    case 'submit':
    case 'decline':
    case 'request_extension':
      if (creator.length)
        await notifyUsers(tx, creator, {
          ...base,
          kind: event === 'request_extension' ? 'extension' : event === 'decline' ? 'returned' : 'assigned',
          level: event === 'decline' ? 'orange' : 'blue',
          title: `${ctx.mine?.unitName ?? ''}${taskEventLabels[event]}：${title}`,
          body: note,
        });
      return;
    default:
      return;
  }
}
