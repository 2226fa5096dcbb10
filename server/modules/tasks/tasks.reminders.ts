// Chasing without anyone asking: reminders when a task is due within a day or overdue, listed tasks escalated one
// level up the region tree while overdue, and the notifications each task event sends to the people concerned.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { changeRecord } from '../../records/change-record.ts';
import { recordEvents } from '../../records/record-events.table.ts';
import type { Actor } from '../auth/actor.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { regions } from '../regions/regions.table.ts';
import { users } from '../users/users.table.ts';
import { taskMachine } from './tasks.machine.ts';
import { parentRegionCode } from './tasks.notify.ts';
import { tasks } from './tasks.table.ts';

/** The reminders job acts as the system, city-wide: its events show 系统 as who sent them. */
export const systemActor: Actor = {
  id: 0,
  username: 'system',
  displayName: '系统（自动催办）',
  role: 'hq_admin',
  unitId: 0,
  unitName: '宜昌市疫情防控指挥部办公室',
  scopeRegion: { code: '420500000000', name: '宜昌市', level: 'city' },
};

const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const shortTime = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(5, 16).replace('-', '月').replace('T', '日 ');

/** Whether the system already reminded this task for this reason on this key (a deadline, a Beijing day). */
async function alreadyReminded(tx: Db, taskId: number, reason: string, key: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: recordEvents.id })
    .from(recordEvents)
    .where(
      and(
        eq(recordEvents.recordKind, 'task'),
        eq(recordEvents.recordId, taskId),
        eq(recordEvents.event, 'remind'),
        sql`${recordEvents.payload}->>'reason' = ${reason}`,
        sql`${recordEvents.payload}->>'key' = ${key}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** At most this many tasks per reason per run, so one run's transaction stays short; the next run goes on. */
const BATCH = 200;

export type ReminderRun = { dueSoon: number; overdue: number; escalated: number; cleared: number };

/**
 * One pass of the reminders job: a reminder once per deadline when a task is due within 24 hours, one per Beijing
 * day while it is overdue (each counts, so repeated ones escalate blue → orange → red), and listed tasks still
 * overdue escalated to the region above, told to its HQ and leaders. Submitted tasks wait for the office.
 */
export async function runTaskReminders(tx: Db, now = new Date()): Promise<ReminderRun> {
  const run: ReminderRun = { dueSoon: 0, overdue: 0, escalated: 0, cleared: 0 };
  const chased = sql`${tasks.status} in ('assigned','signed','in_progress','returned','declined')`;
  const due = await tx
    .select({ id: tasks.id, deadlineAt: tasks.deadlineAt })
    .from(tasks)
    .where(
      and(
        chased,
        sql`${tasks.deadlineAt} >= ${now.toISOString()}::timestamptz`,
        sql`${tasks.deadlineAt} < ${now.toISOString()}::timestamptz + interval '24 hours'`,
      ),
    )
    .orderBy(tasks.deadlineAt)
    .limit(BATCH);
  for (const t of due) {
    const key = t.deadlineAt.toISOString();
    if (await alreadyReminded(tx, t.id, 'due_soon', key)) continue;
    await changeRecord(tx, systemActor, taskMachine, t.id, 'remind', {
      type: 'remind',
      note: `将于${shortTime(t.deadlineAt)}到期，请抓紧办理`,
      reminder: { reason: 'due_soon', key },
    });
    run.dueSoon++;
  }
  // Once late, a task stays marked: caught up later it shows yellow, not green.
  await tx
    .update(tasks)
    .set({ wasLate: true })
    .where(
      and(chased, sql`not ${tasks.wasLate}`, sql`${tasks.deadlineAt} < ${now.toISOString()}::timestamptz`),
    );
  const late = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        chased,
        sql`${tasks.deadlineAt} < ${now.toISOString()}::timestamptz`,
        // Not yet reminded today: the next runs take the rest.
        sql`(${tasks.lastRemindedAt} is null or (${tasks.lastRemindedAt} at time zone 'Asia/Shanghai')::date < (${now.toISOString()}::timestamptz at time zone 'Asia/Shanghai')::date)`,
      ),
    )
    .orderBy(tasks.deadlineAt)
    .limit(BATCH);
  const today = beijingDay(now);
  for (const t of late) {
    if (await alreadyReminded(tx, t.id, 'overdue', today)) continue;
    await changeRecord(tx, systemActor, taskMachine, t.id, 'remind', {
      type: 'remind',
      note: '任务已逾期，请尽快办结并报送',
      reminder: { reason: 'overdue', key: today },
    });
    run.overdue++;
  }
  // Escalation of listed tasks: up one level while overdue, back when delivered or closed.
  const listed = await tx
    .select({
      id: tasks.id,
      title: tasks.title,
      regionCode: tasks.regionCode,
      escalated: tasks.escalatedRegionCode,
      supervisorId: tasks.supervisorId,
      overdue: sql<boolean>`${chased} and ${tasks.deadlineAt} < ${now.toISOString()}::timestamptz`,
    })
    .from(tasks)
    .where(eq(tasks.listed, true));
  for (const t of listed) {
    if (!t.overdue) {
      if (t.escalated) {
        await tx.update(tasks).set({ escalatedRegionCode: null }).where(eq(tasks.id, t.id));
        run.cleared++;
      }
      continue;
    }
    const up = parentRegionCode(t.regionCode);
    if (!up || t.escalated === up) continue;
    await tx.update(tasks).set({ escalatedRegionCode: up, updatedAt: now }).where(eq(tasks.id, t.id));
    const [region] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.code, up));
    const heads = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.scopeRegionCode, up), inArray(users.role, ['hq_admin', 'hq_staff', 'leader'])));
    await notifyUsers(tx, [...heads.map((h) => h.id), ...(t.supervisorId ? [t.supervisorId] : [])], {
      kind: 'escalated',
      level: 'red',
      title: `挂牌督办任务仍逾期，已升级至${region?.name ?? up}：「${t.title}」`,
      link: `/tasks/${t.id}`,
      recordKind: 'task',
      recordId: t.id,
      regionCode: t.regionCode,
    });
    run.escalated++;
  }
  return run;
}
