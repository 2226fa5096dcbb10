// The one way a record changes state: load in scope with a row lock, check the table, apply, append the event, audit.

import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { recordEvents } from './record-events.table.ts';
import type { RecordMachine, Transition } from './transitions.ts';

export type ChangeInput = { note?: string | null };

/**
 * Which transition an event is for this actor and record, or the error that says why there is none: 403 when
 * the actor may never send it here, 409 INVALID_TRANSITION when they may but not in the record's state, 400
 * when it needs a reason that was not given.
 */
export function pickTransition<State extends string, Event extends string, Ctx, Input extends ChangeInput>(
  machine: RecordMachine<State, Event, Ctx, Input>,
  actor: Actor,
  ctx: Ctx,
  event: Event,
  input: Input,
): Transition<State, Event, Ctx> {
  const eventLabel = machine.eventLabels[event] ?? event;
  const candidates = machine.transitions.filter((t) => t.event === event);
  if (!candidates.length)
    throw new AppError('VALIDATION', `${machine.label}没有「${eventLabel}」这项操作`, [
      { field: 'type', message: `不支持的操作 ${event}` },
    ]);
  const permitted = candidates.filter((t) => t.may(actor, ctx));
  if (!permitted.length)
    throw new AppError('FORBIDDEN', `您不能对这项${machine.label}执行「${eventLabel}」`, [
      { field: 'type', message: candidates.map((t) => t.who).join('；') },
    ]);
  const states = permitted.map((t) => machine.stateOf(ctx, t));
  const index = permitted.findIndex((t, i) => {
    const state = states[i];
    return state != null && t.from.includes(state);
  });
  const fitting = permitted[index];
  if (!fitting) {
    const state = states.find((s) => s != null) ?? null;
    const stateLabel = state ? (machine.stateLabels[state] ?? state) : '未知';
    throw new AppError(
      'INVALID_TRANSITION',
      `${machine.label}当前为「${stateLabel}」，不能「${eventLabel}」`,
      [{ field: 'type', message: `state ${state ?? 'none'} does not allow ${event}` }],
    );
  }
  if (fitting.needsNote && !input.note?.trim())
    throw new AppError('VALIDATION', fitting.needsNote, [{ field: 'note', message: fitting.needsNote }]);
  return fitting;
}

/**
 * Sends `event` to record `id` of `machine`'s kind as `actor`, in one transaction (the caller's, when `db` is one
 * already). Returns the new event row's id. Outside the actor's scope the record does not exist (404).
 */
export async function changeRecord<
  State extends string,
  Event extends string,
  Ctx,
  Input extends ChangeInput,
>(
  db: Db,
  actor: Actor,
  machine: RecordMachine<State, Event, Ctx, Input>,
  id: number,
  event: Event,
  input: Input,
): Promise<{ eventId: number }> {
  return db.transaction(async (tx) => {
    const ctx = await machine.load(tx, actor, id);
    if (!ctx) throw new AppError('NOT_FOUND', `${machine.label}不存在或不在您的管辖范围内`);
    const transition = pickTransition(machine, actor, ctx, event, input);
    const fromState = machine.stateOf(ctx, transition);
    const applied = await machine.apply(tx, actor, ctx, transition, input);
    const [row] = await tx
      .insert(recordEvents)
      .values({
        recordKind: machine.kind,
        recordId: id,
        event,
        fromState,
        toState: applied.toState === undefined ? (transition.to ?? fromState) : applied.toState,
        actorId: actor.id > 0 ? actor.id : null,
        actorUsername: actor.username,
        actorDisplayName: actor.displayName,
        unitId: applied.unitId ?? null,
        note: applied.note === undefined ? input.note?.trim() || null : applied.note,
        payload: applied.payload ?? {},
      })
      .returning({ id: recordEvents.id });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: machine.kind,
      entityId: id,
      regionCode: applied.regionCode,
      summary: applied.summary,
      before: applied.before ?? null,
      after: applied.after ?? null,
    });
    return { eventId: row!.id };
  });
}

/** Appends an event that is not a transition (a record made, a field edited) so the history stays whole. */
export async function appendRecordEvent(
  tx: Db,
  actor: Actor,
  entry: {
    kind: string;
    id: number;
    event: string;
    toState?: string | null;
    note?: string | null;
    unitId?: number | null;
    payload?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(recordEvents).values({
    recordKind: entry.kind,
    recordId: entry.id,
    event: entry.event,
    fromState: null,
    toState: entry.toState ?? null,
    actorId: actor.id > 0 ? actor.id : null,
    actorUsername: actor.username,
    actorDisplayName: actor.displayName,
    unitId: entry.unitId ?? null,
    note: entry.note ?? null,
    payload: entry.payload ?? {},
  });
}
