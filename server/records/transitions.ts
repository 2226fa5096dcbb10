// The one description of a kind of record's lifecycle: which events may move it from which state, and who may send them.
import type { Actor } from '../modules/auth/actor.ts';

export type Transition<State extends string, Event extends string, Ctx> = {
  event: Event;
  from: readonly State[];
  /** null: the record keeps its state (a reminder, a progress report). */
  to: State | null;
  /** Who may send it, in words, for the exported table and the API docs. */
  who: string;
  /** Whether this actor may send it for this record; scope has already been checked by the loader. */
  may: (actor: Actor, ctx: Ctx) => boolean;
  /**
   * Which state `from` is read against: the record's own (default), or a part of it the actor answers for, such
   * as a unit's assignment within a task. The machine's stateOf() reads it.
   */
  subject?: string;
  /** When set, the event needs a note (a reason for returning, declining, refusing); the message says so. */
  needsNote?: string;
};

export type Applied = {
  summary: string;
  regionCode: string;
  /** The state the event left the record (or its subject) in, when it changed. */
  toState?: string | null;
  note?: string | null;
  payload?: Record<string, unknown>;
  unitId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

export type RecordMachine<State extends string, Event extends string, Ctx, Input> = {
  kind: string;
  /** What users call it: 任务, 会议. */
  label: string;
  stateLabels: Record<State, string>;
  eventLabels: Record<Event, string>;
  transitions: readonly Transition<State, Event, Ctx>[];
  /** Loads the record in the actor's scope, locked FOR UPDATE; null when it is not there for this actor. */
  load(tx: import('../db/client.ts').Db, actor: Actor, id: number): Promise<Ctx | null>;
  /** The state a transition's `from` is checked against; null when the actor has no such part (no assignment). */
  stateOf(ctx: Ctx, transition: Transition<State, Event, Ctx>): State | null;
  apply(
    tx: import('../db/client.ts').Db,
    actor: Actor,
    ctx: Ctx,
    transition: Transition<State, Event, Ctx>,
    input: Input,
  ): Promise<Applied>;
};

// biome-ignore lint/suspicious/noExplicitAny: a registry of machines of every kind; each call site is typed.
export type AnyMachine = RecordMachine<string, string, any, any>;

/** The events this actor may send for this record now: what the UI offers, and nothing else. */
export function allowedEvents<State extends string, Event extends string, Ctx>(
  machine: RecordMachine<State, Event, Ctx, unknown>,
  actor: Actor,
  ctx: Ctx,
): Event[] {
  const allowed = new Set<Event>();
  for (const t of machine.transitions) {
    if (allowed.has(t.event)) continue;
    const state = machine.stateOf(ctx, t);
    if (state !== null && t.from.includes(state) && t.may(actor, ctx)) allowed.add(t.event);
  }
  return [...allowed];
}

export type MachineDescription = {
  kind: string;
  label: string;
  states: { value: string; label: string }[];
  events: { value: string; label: string }[];
  transitions: { event: string; from: string[]; to: string | null; who: string; subject: string | null }[];
};

/** The table as data, for /api/workflows and the docs; `may` stays on the server. */
export function describeMachine(machine: AnyMachine): MachineDescription {
  return {
    kind: machine.kind,
    label: machine.label,
    states: Object.entries(machine.stateLabels).map(([value, label]) => ({ value, label: String(label) })),
    events: Object.entries(machine.eventLabels).map(([value, label]) => ({ value, label: String(label) })),
    transitions: machine.transitions.map((t) => ({
      event: t.event,
      from: [...t.from],
      to: t.to,
      who: t.who,
      subject: t.subject ?? null,
    })),
  };
}
