// Who sees which tasks: HQ roles their region subtree; a unit's liaison the tasks their unit takes part in, and a
// district's liaison also every task whose region lies in the district. One filter serves list, read and change.
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { scopeParam } from '../auth/scope.ts';
import { supervisionSettings } from '../supervision/supervision.table.ts';
import { units } from '../units/units.table.ts';
import { taskAssignments, tasks } from './tasks.table.ts';

/** A liaison's unit whose scope is the whole city (a city department) sees only its own tasks, not the city's. */
function seesRegion(actor: Actor): boolean {
  return actor.role !== 'unit_liaison' || actor.scopeRegion.level !== 'city';
}

/** Whether the actor's unit has an assignment in the task (lead or co). */
export function hasAssignmentOf(actor: Actor, taskId: SQL | typeof tasks.id = tasks.id): SQL {
  return sql`exists (select 1 from ${taskAssignments} where ${taskAssignments.taskId} = ${taskId} and ${taskAssignments.unitId} = ${actor.unitId})`;
}

/**
 * The two ways a task comes into an actor's sight: its region lies in their region's subtree (`regionPrefix`, a
 * LIKE pattern), or their unit has an assignment in it (`unitId`). HQ roles have only the first, a city
 * department's liaison only the second, a district's liaison both. Lists read each part off its own index.
 */
export type TaskScopeParts = { regionPrefix: string | null; unitId: number | null };

export function taskScopeParts(actor: Actor): TaskScopeParts {
  if (actor.role !== 'unit_liaison') return { regionPrefix: scopeParam(actor), unitId: null };
  if (!seesRegion(actor)) return { regionPrefix: null, unitId: actor.unitId };
  return { regionPrefix: scopeParam(actor), unitId: actor.unitId };
}

/** The filter every task query carries. */
export function taskScopeFilter(actor: Actor): SQL {
  const { regionPrefix, unitId } = taskScopeParts(actor);
  const inRegion = regionPrefix === null ? null : sql`${tasks.regionCode} like ${regionPrefix}`;
  if (unitId === null) return inRegion!;
  // A draft is the office's until it is assigned: units see it from then on.
  if (inRegion === null) return sql`(${tasks.status} <> 'draft' and ${hasAssignmentOf(actor)})`;
  return sql`(${tasks.status} <> 'draft' and (${inRegion} or ${hasAssignmentOf(actor)}))`;
}

export type AssignmentRow = typeof taskAssignments.$inferSelect & { unitName: string };

export type TaskContext = {
  task: typeof tasks.$inferSelect;
  assignments: AssignmentRow[];
  lead: AssignmentRow;
  /** The actor's unit's assignment, when it has one. */
  mine: AssignmentRow | null;
  /** A declined assignment waiting for the office to reassign or insist (the lead's first). */
  declined: AssignmentRow | null;
  listAfterDaysOverdue: number;
};

export async function loadAssignments(tx: Db, taskId: number): Promise<AssignmentRow[]> {
  const rows = await tx
    .select({ a: taskAssignments, unitName: units.name })
    .from(taskAssignments)
    .innerJoin(units, eq(units.id, taskAssignments.unitId))
    .where(eq(taskAssignments.taskId, taskId))
    .orderBy(sql`${taskAssignments.role} = 'co'`, asc(taskAssignments.id));
  return rows.map((r) => ({ ...r.a, unitName: r.unitName }));
}

export function contextOf(
  actor: Actor,
  task: typeof tasks.$inferSelect,
  assignments: AssignmentRow[],
  listAfterDaysOverdue: number,
): TaskContext {
  const lead = assignments.find((a) => a.role === 'lead') ?? assignments[0]!;
  return {
    task,
    assignments,
    lead,
    mine: assignments.find((a) => a.unitId === actor.unitId) ?? null,
    declined:
      assignments.find((a) => a.status === 'declined' && a.role === 'lead') ??
      assignments.find((a) => a.status === 'declined') ??
      null,
    listAfterDaysOverdue,
  };
}

export async function listAfterDaysOverdue(tx: Db): Promise<number> {
  const [row] = await tx
    .select({ days: supervisionSettings.listAfterDaysOverdue })
    .from(supervisionSettings)
    .where(eq(supervisionSettings.id, 1));
  return row?.days ?? 3;
}

/** The task as this actor may change it, locked for the transaction; null outside their scope. */
export async function lockTaskInScope(tx: Db, actor: Actor, id: number): Promise<TaskContext | null> {
  const [task] = await tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), taskScopeFilter(actor)))
    .for('update');
  if (!task) return null;
  const [assignments, days] = await Promise.all([loadAssignments(tx, id), listAfterDaysOverdue(tx)]);
  return contextOf(actor, task, assignments, days);
}
