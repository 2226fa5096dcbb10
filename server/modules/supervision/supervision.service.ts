// Supervision: the office's settings, the evaluation of units over a period (考评, 红黑榜) and 督办通知书 numbers.
import { eq, sql } from 'drizzle-orm';
import {
  defaultSupervisionSettings,
  mergeSupervisionSettings,
  type Ranking,
  type RankingQuery,
  type SupervisionSettings,
  type SupervisionSettingsUpdate,
} from '../../../shared/contracts/supervision.ts';
import type { UnitKind } from '../../../shared/contracts/units.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, requirePermission } from '../auth/actor.ts';
import { taskScopeFilter } from '../tasks/tasks.scope.ts';
import { rankUnits, type UnitTally } from './supervision.score.ts';
import { supervisionSettings } from './supervision.table.ts';

type SettingsRow = typeof supervisionSettings.$inferSelect;

function settingsOf(row: SettingsRow | undefined): SupervisionSettings {
  if (!row) return defaultSupervisionSettings;
  return {
    yellowDays: row.yellowDays,
    listAfterDaysOverdue: row.listAfterDaysOverdue,
    weights: { ...defaultSupervisionSettings.weights, ...(row.weights ?? {}) },
    redListSize: row.redListSize,
    blackListSize: row.blackListSize,
    redMinScore: row.redMinScore,
    blackBelowScore: row.blackBelowScore,
  };
}

export async function getSupervisionSettings(db: Db, actor: Actor): Promise<SupervisionSettings> {
  requirePermission(actor, 'tasks:read');
  const [row] = await db.select().from(supervisionSettings).where(eq(supervisionSettings.id, 1));
  return settingsOf(row);
}

export async function updateSupervisionSettings(
  db: Db,
  actor: Actor,
  change: SupervisionSettingsUpdate,
): Promise<SupervisionSettings> {
  requirePermission(actor, 'supervision:configure');
  // The settings are the whole city's rules: a district's admin may not change them for everyone.
  if (actor.scopeRegion.level !== 'city') throw new AppError('FORBIDDEN', '督办考评设置只能由市级管理员修改');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(supervisionSettings)
      .where(eq(supervisionSettings.id, 1))
      .for('update');
    const before = settingsOf(row);
    const merged = mergeSupervisionSettings(before, change);
    if (!merged.success) {
      const issues = merged.error.issues;
      throw new AppError(
        'VALIDATION',
        issues[0]?.message ?? '设置不正确',
        issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      );
    }
    const after = merged.data;
    await tx
      .insert(supervisionSettings)
      .values({ id: 1, ...after, updatedAt: new Date() })
      .onConflictDoUpdate({ target: supervisionSettings.id, set: { ...after, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'supervision_settings',
      entityId: 1,
      regionCode: actor.scopeRegion.code,
      summary: '修改督办考评设置',
      before,
      after,
    });
    return after;
  });
}

/** The next 督办通知书 number of the year: 宜疫指督〔2022〕12号. Taken in the caller's transaction. */
export async function allocateNoticeNumber(tx: Db, now: Date): Promise<string> {
  const year = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  const [row] = await tx
    .update(supervisionSettings)
    .set({
      noticeSerial: sql`case when ${supervisionSettings.noticeYear} = ${year} then ${supervisionSettings.noticeSerial} + 1 else 1 end`,
      noticeYear: year,
    })
    .where(eq(supervisionSettings.id, 1))
    .returning({ serial: supervisionSettings.noticeSerial });
  return `宜疫指督〔${year}〕${row?.serial ?? 1}号`;
}

type TallyRow = {
  unit_id: number;
  unit_name: string;
  unit_kind: UnitKind;
  tasks: number;
  on_time: number;
  overdue: number;
  returned: number;
  declined: number;
  late_count: number;
  days_late: number;
};

/**
 * Per unit, over the tasks it leads that were first due in the period (the original deadline when extended) and
 * are decided — delivered, or past their deadline (a task not yet due has not been late or on time yet):
 * on time = delivered (submitted or done) by the deadline in force; overdue = delivered after it, or still open
 * past it; days late = Beijing calendar days from the first deadline to delivery (or today), so an approved
 * extension saves a unit from "overdue" but its days past the first deadline still count. Returns are the
 * office's 退回 of those tasks in the period; declines the unit's 拒收 in the period. Cadenced tasks (no single
 * deadline) are not in the evaluation yet. Scope: the tasks the caller may see.
 */
export async function rankUnitsForPeriod(db: Db, actor: Actor, query: RankingQuery): Promise<Ranking> {
  requirePermission(actor, 'tasks:read');
  const from = `${query.from}T00:00:00+08:00`;
  const to = `${query.to}T00:00:00+08:00`;
  const kinds = query.unitKind ? [query.unitKind] : ['department', 'district', 'working_group'];
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const result = await db.execute(sql`
    with window_tasks as (
      select t.id, t.lead_unit_id, t.status, t.due_at, coalesce(t.original_due_at, t.due_at) as first_due,
             case when t.status in ('submitted','done') then t.submitted_at end as delivered_at
      from tasks t
      where t.status not in ('draft','cancelled') and t.due_at is not null
    ), scoped as (
      select w.* from window_tasks w join tasks on tasks.id = w.id
      where w.first_due >= ${from}::timestamptz and w.first_due < ${to}::timestamptz + interval '1 day'
        and (w.delivered_at is not null or w.due_at < now())
        and ${taskScopeFilter(actor)}
    ), per_unit as (
      select lead_unit_id as unit_id,
             count(*)::int as tasks,
             count(*) filter (where delivered_at is not null and delivered_at <= due_at)::int as on_time,
             count(*) filter (where (delivered_at is not null and delivered_at > due_at)
                                 or (delivered_at is null and due_at < now()))::int as overdue,
             count(*) filter (where coalesce(delivered_at, now()) > first_due)::int as late_count,
             coalesce(sum(greatest(1, (coalesce(delivered_at, now()) at time zone 'Asia/Shanghai')::date
                                      - (first_due at time zone 'Asia/Shanghai')::date))
                      filter (where coalesce(delivered_at, now()) > first_due), 0)::int as days_late
      from scoped group by lead_unit_id
    ), returns as (
      select s.lead_unit_id as unit_id, count(*)::int as n
      from record_events e join scoped s on e.record_kind = 'task' and e.record_id = s.id and e.event = 'return'
      group by s.lead_unit_id
    ), declines as (
      select e.unit_id, count(*)::int as n
      from record_events e join tasks on e.record_kind = 'task' and e.record_id = tasks.id
      where e.event = 'decline' and e.at >= ${from}::timestamptz and e.at < ${to}::timestamptz + interval '1 day'
        and ${taskScopeFilter(actor)}
      group by e.unit_id
    )
    select u.id as unit_id, u.name as unit_name, u.kind as unit_kind,
           coalesce(p.tasks, 0) as tasks, coalesce(p.on_time, 0) as on_time, coalesce(p.overdue, 0) as overdue,
           coalesce(r.n, 0) as returned, coalesce(d.n, 0) as declined,
           coalesce(p.late_count, 0) as late_count, coalesce(p.days_late, 0) as days_late
    from units u
    left join per_unit p on p.unit_id = u.id
    left join returns r on r.unit_id = u.id
    left join declines d on d.unit_id = u.id
    where u.kind in (${kindList}) and (p.unit_id is not null or d.unit_id is not null)
  `);
  const rows = (result as unknown as { rows: TallyRow[] }).rows;
  const tallies: UnitTally[] = rows.map((r) => ({
    unit: { id: Number(r.unit_id), name: r.unit_name },
    unitKind: r.unit_kind,
    tasks: Number(r.tasks),
    onTime: Number(r.on_time),
    overdue: Number(r.overdue),
    returned: Number(r.returned),
    declined: Number(r.declined),
    lateCount: Number(r.late_count),
    daysLateTotal: Number(r.days_late),
  }));
  const settings = await getSupervisionSettings(db, actor);
  return { from: query.from, to: query.to, weights: settings.weights, items: rankUnits(tallies, settings) };
}
