// The task list at the issue's size: loads 1,000,000 tasks (~2M assignments, 5M timeline events) into a throwaway
// PostgreSQL database by COPY, then times the first page of a district liaison's, a city department's and the HQ's
// scoped, filtered, sorted list over HTTP (the app in process, app.inject), the same page by one hand-written SQL
// query on the same pool, the 5,000th page reached by following nextCursor, and the city-wide overdue work. First
// it checks 60 lists (four scopes × filters, cursor and page numbers, totals) against the plain query.
// Targets (issue 9): p95 < 100 ms (moonshot 30 ms), ≤ 1.5× the hand-written query, page 5,000 no slower than
// page 1, city-wide overdue < 1 s. The machine is shared, so ratios are printed beside the absolute times.
// Run: npx tsx bench/tasks-list.ts
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres  the server the throwaway database is made on
//   BENCH_TASKS=1000000  BENCH_RUNS=100 (timed requests per case)  BENCH_DEEP_PAGE=5000
//   BENCH_KEEP=1 keeps the loaded database and prints its URL (BENCH_LOAD_ONLY=1: load, keep, measure nothing);
//   BENCH_REUSE=<url> measures a database kept earlier; BENCH_CHECK=0 skips the check (a minute at 1M)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../server/app.ts';
import { readConfig } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/db/seed/demo.ts';
import type { Actor } from '../server/modules/auth/actor.ts';
import { overdueTasks } from '../server/modules/tasks/tasks.service.ts';
import type { TaskList } from '../shared/contracts/tasks.ts';
import { makeIdNumber } from '../test/support/factories.ts';
import { cookieFrom, createThrowawayDatabase } from '../test/support/test-app.ts';

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const EVENTS = TASKS * 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const DEEP_PAGE = Number(process.env.BENCH_DEEP_PAGE ?? 5000);
const PAGE_SIZE = 20;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const reuseUrl = process.env.BENCH_REUSE;
const loadOnly = process.env.BENCH_LOAD_ONLY === '1';
const keep = process.env.BENCH_KEEP === '1' || loadOnly;

const DAY = 86_400_000;
/** Everything is dated from the start of the run, so lights and overdue days are what a user would see today. */
const NOW = Date.now();
const HEALTH = '宜昌市卫生健康委员会';

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(line);

// ---------------------------------------------------------------- the city the tasks are made in

type City = {
  cityCode: string;
  /** County-level divisions weighted by population, each with its townships, communities and district unit. */
  counties: {
    code: string;
    name: string;
    weight: number;
    townships: string[];
    communities: string[];
    unitId: number;
  }[];
  departments: { id: number; name: string; weight: number }[];
  adminId: number;
};

async function readCity(pool: pg.Pool): Promise<City> {
  const regions = (
    await pool.query<{ code: string; name: string; level: string; population: number }>(
      `select code, name, level, population from regions where level <> 'grid' order by code`,
    )
  ).rows;
  const units = (
    await pool.query<{ id: number; name: string; kind: string; region_code: string }>(
      `select id, name, kind, region_code from units where kind in ('department','district') order by id`,
    )
  ).rows;
  const admin = (await pool.query<{ id: number }>(`select id from users where username = 'admin'`)).rows[0]!;
  const city = regions.find((r) => r.level === 'city')!;
  const counties = regions
    .filter((r) => r.level === 'county')
    .map((c) => {
      const prefix = c.code.slice(0, 6);
      const unit = units.find((u) => u.kind === 'district' && u.region_code === c.code);
      if (!unit) throw new Error(`no district unit for ${c.name}`);
      return {
        code: c.code,
        name: c.name,
        weight: Number(c.population),
        townships: regions
          .filter((r) => r.level === 'township' && r.code.startsWith(prefix))
          .map((r) => r.code),
        communities: regions
          .filter((r) => r.level === 'community' && r.code.startsWith(prefix))
          .map((r) => r.code),
        unitId: unit.id,
      };
    });
  // The health commission leads or joins far more epidemic work than any other department.
  const departments = units
    .filter((u) => u.kind === 'department')
    .map((u) => ({ id: u.id, name: u.name, weight: u.name === HEALTH ? 8 : 1 }));
  return { cityCode: city.code, counties, departments, adminId: admin.id };
}

// ---------------------------------------------------------------- one task, the same every pass

/** mulberry32: a task's numbers come from its id, so the three COPY passes agree without sharing state. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T extends { weight: number }>(items: T[], total: number, r: number): T {
  let x = r * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1]!;
}

const verbs = ['落实', '核查', '排查', '督导', '推进', '完善', '开展', '加强', '组织', '报送'];
const objects = [
  '重点人员健康监测',
  '隔离房间储备',
  '核酸采样点布设',
  '老年人疫苗接种',
  '集中隔离点消杀',
  '农贸市场环境整治',
  '冷链食品溯源管理',
  '发热门诊值守',
  '物资储备清单',
  '社区网格化管理',
  '复工复产防控指导',
  '交通卡口查验',
];
const categories = ['epidemic', 'epidemic', 'epidemic', 'economy', 'safety', 'governance', 'other'];
const priorities = ['normal', 'normal', 'normal', 'high', 'urgent'];
const cadences = [
  '{"kind":"daily","dueTime":"17:00"}',
  '{"kind":"weekly","weekday":5,"dueTime":"17:00"}',
  '{"kind":"monthly","day":25,"dueTime":"12:00"}',
];

type TaskStatus =
  | 'draft'
  | 'assigned'
  | 'signed'
  | 'in_progress'
  | 'submitted'
  | 'returned'
  | 'declined'
  | 'done'
  | 'cancelled';

type Model = {
  id: number;
  rand: () => number;
  title: string;
  category: string;
  responsibility: string;
  priority: string;
  regionCode: string;
  leadUnitId: number;
  coUnitIds: number[];
  status: TaskStatus;
  dueAt: number | null;
  originalDueAt: number | null;
  cadence: string | null;
  nextReportDueAt: number | null;
  /** What the database will compute for tasks.deadline_at (and the assignments copy). */
  deadlineAt: number;
  wasLate: boolean;
  listed: boolean;
  reminders: number;
  progress: number | null;
  assignedAt: number | null;
  submittedAt: number | null;
  completedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/**
 * Statuses in the shares a city HQ two years into the work would have: three quarters done, about 7 % of all
 * tasks open past their deadline (red), the rest open and due within the next three months.
 */
function statusOf(r: number, r2: number): { status: TaskStatus; overdue: boolean } {
  if (r < 0.74) return { status: 'done', overdue: false };
  if (r < 0.78) return { status: 'cancelled', overdue: false };
  if (r < 0.79) return { status: 'draft', overdue: false };
  if (r < 0.815) return { status: 'submitted', overdue: false };
  const open = (r - 0.815) / 0.185;
  const status: TaskStatus =
    open < 0.22
      ? 'assigned'
      : open < 0.44
        ? 'signed'
        : open < 0.92
          ? 'in_progress'
          : open < 0.97
            ? 'returned'
            : 'declined';
  // 0.185 of tasks are open and chased; 0.07 of all tasks are overdue.
  return { status, overdue: r2 < 0.07 / 0.185 };
}

function modelOf(city: City, id: number): Model {
  const rand = prng(Math.imul(id, 2654435761) ^ 0x5bd1e995);
  const deptTotal = city.departments.reduce((s, d) => s + d.weight, 0);
  const countyTotal = city.counties.reduce((s, c) => s + c.weight, 0);
  const county = pickWeighted(city.counties, countyTotal, rand());
  const level = rand();
  const regionCode =
    level < 0.08
      ? city.cityCode
      : level < 0.33
        ? county.code
        : level < 0.68
          ? county.townships[Math.floor(rand() * county.townships.length)]!
          : county.communities[Math.floor(rand() * county.communities.length)]!;
  const cityWide = regionCode === city.cityCode;
  const functional = cityWide || rand() < 0.25;
  const leadUnitId = functional ? pickWeighted(city.departments, deptTotal, rand()).id : county.unitId;
  const coCount = (() => {
    const x = rand();
    return x < 0.25 ? 0 : x < 0.75 ? 1 : 2;
  })();
  const coUnitIds: number[] = [];
  for (let guard = 0; coUnitIds.length < coCount && guard < 10; guard++) {
    const unit =
      rand() < 0.7
        ? pickWeighted(city.departments, deptTotal, rand()).id
        : cityWide
          ? city.counties[Math.floor(rand() * city.counties.length)]!.unitId
          : county.unitId;
    if (unit !== leadUnitId && !coUnitIds.includes(unit)) coUnitIds.push(unit);
  }
  const { status, overdue } = statusOf(rand(), rand());
  const endOfDay = (t: number) => Math.floor((t + 8 * 3_600_000) / DAY) * DAY + DAY - 8 * 3_600_000 - 1000;
  let dueAt: number | null;
  let cadence: string | null = null;
  let nextReportDueAt: number | null = null;
  if (status === 'done' || status === 'cancelled') dueAt = endOfDay(NOW - (1 + rand() * 700) * DAY);
  else if (overdue) dueAt = endOfDay(NOW - (1 + rand() * 60) * DAY);
  else dueAt = endOfDay(NOW + rand() * 90 * DAY);
  const open = status !== 'done' && status !== 'cancelled' && status !== 'draft';
  if (open && status !== 'submitted' && rand() < 0.04) {
    cadence = cadences[Math.floor(rand() * cadences.length)]!;
    nextReportDueAt = dueAt;
    dueAt = null;
  }
  const deadlineAt = Math.min(dueAt ?? Number.POSITIVE_INFINITY, nextReportDueAt ?? Number.POSITIVE_INFINITY);
  const anchor = dueAt ?? nextReportDueAt ?? NOW;
  const createdAt = Math.min(NOW - DAY, anchor - (3 + rand() * 57) * DAY);
  const extended = dueAt !== null && rand() < 0.05;
  const assignedAt = status === 'draft' ? null : createdAt + rand() * 3_600_000;
  const late = status === 'done' && rand() < 0.12;
  const completedAt =
    status === 'done' ? Math.min(NOW - 60_000, anchor + (late ? 1 + rand() * 10 : -rand() * 20) * DAY) : null;
  const submittedAt =
    status === 'submitted'
      ? Math.min(NOW - 60_000, anchor - rand() * 5 * DAY)
      : completedAt !== null
        ? completedAt - rand() * 2 * DAY
        : null;
  const reminders = overdue ? 1 + Math.floor(rand() * 3) : 0;
  return {
    id,
    rand,
    title: `${verbs[Math.floor(rand() * verbs.length)]}${objects[Math.floor(rand() * objects.length)]}（第${id}号）`,
    category: categories[Math.floor(rand() * categories.length)]!,
    responsibility: functional ? 'functional' : 'territorial',
    priority: priorities[Math.floor(rand() * priorities.length)]!,
    regionCode,
    leadUnitId,
    coUnitIds,
    status,
    dueAt,
    originalDueAt: extended && dueAt !== null ? dueAt - (3 + Math.floor(rand() * 10)) * DAY : null,
    cadence,
    nextReportDueAt,
    deadlineAt,
    // The reminders job marks every task it finds past its deadline.
    wasLate: late || overdue,
    listed: overdue && rand() < 0.15,
    reminders,
    progress: status === 'done' ? 100 : open ? Math.floor(rand() * 90) : null,
    assignedAt,
    submittedAt,
    completedAt,
    createdAt,
    updatedAt: Math.max(createdAt, completedAt ?? submittedAt ?? assignedAt ?? createdAt),
  };
}

// ---------------------------------------------------------------- COPY text rows

const N = '\\N';
const ts = (t: number | null) =>
  t === null ? N : t === Number.POSITIVE_INFINITY ? 'infinity' : new Date(t).toISOString();
const bool = (b: boolean) => (b ? 't' : 'f');
const num = (n: number | null) => (n === null ? N : String(n));

const taskColumns =
  'id, title, category, responsibility, priority, region_code, lead_unit_id, status, due_at, original_due_at, cadence, next_report_due_at, was_late, listed, listed_at, reminders, last_reminded_at, progress, assigned_at, submitted_at, completed_at, created_by, created_at, updated_at';

function taskRow(m: Model, adminId: number): string {
  return [
    m.id,
    m.title,
    m.category,
    m.responsibility,
    m.priority,
    m.regionCode,
    m.leadUnitId,
    m.status,
    ts(m.dueAt),
    ts(m.originalDueAt),
    m.cadence ?? N,
    ts(m.nextReportDueAt),
    bool(m.wasLate),
    bool(m.listed),
    m.listed ? ts(m.deadlineAt + 3 * DAY) : N,
    m.reminders,
    m.reminders ? ts(NOW - DAY) : N,
    num(m.progress),
    ts(m.assignedAt),
    ts(m.submittedAt),
    ts(m.completedAt),
    adminId,
    ts(m.createdAt),
    ts(m.updatedAt),
  ].join('\t');
}

const assignmentColumns =
  'id, task_id, unit_id, role, status, progress, deadline_at, signed_at, submitted_at, created_at, updated_at';

const signedStatuses = new Set<TaskStatus>(['signed', 'in_progress', 'submitted', 'returned', 'done']);

function assignmentRows(m: Model, firstId: number): string[] {
  const signedAt = m.assignedAt !== null && signedStatuses.has(m.status) ? m.assignedAt + DAY / 4 : null;
  return [m.leadUnitId, ...m.coUnitIds].map((unitId, i) =>
    [
      firstId + i,
      m.id,
      unitId,
      i === 0 ? 'lead' : 'co',
      i === 0 && m.status === 'declined' ? 'declined' : m.status,
      num(m.progress),
      ts(m.deadlineAt),
      ts(signedAt),
      ts(m.submittedAt),
      ts(m.createdAt),
      ts(m.updatedAt),
    ].join('\t'),
  );
}

const eventColumns =
  'id, record_kind, record_id, event, from_state, to_state, actor_id, actor_username, actor_display_name, unit_id, note, payload, at';

/**
 * A task's timeline as the lifecycle would have written it; `extraReports` progress reports pad the run to
 * exactly five events per task on average (reports are what most of a real timeline is).
 */
function eventRows(m: Model, adminId: number, extraReports: number, firstId: number): string[] {
  const rows: string[] = [];
  let at = m.createdAt;
  const step = () => {
    at += 1000 + m.rand() * DAY;
    return Math.min(at, NOW - 1000);
  };
  const push = (
    event: string,
    from: string | null,
    to: string | null,
    byUnit: number | null,
    payload: string,
    note: string | null = null,
  ) => {
    const office = byUnit === null;
    rows.push(
      [
        firstId + rows.length,
        'task',
        m.id,
        event,
        from ?? N,
        to ?? N,
        office ? adminId : N,
        office ? 'admin' : `liaison${byUnit}`,
        office ? '周建国' : '联络员',
        num(byUnit),
        note ?? N,
        payload,
        ts(office ? step() : step()),
      ].join('\t'),
    );
  };
  if (m.status === 'draft') {
    push('create', null, 'draft', null, '{}');
    return rows;
  }
  push('assign', null, 'assigned', null, `{"leadUnit":{"id":${m.leadUnitId}},"dueAt":"${ts(m.dueAt)}"}`);
  if (m.status === 'cancelled') {
    push('cancel', 'assigned', 'cancelled', null, '{}', '工作调整，撤销任务');
    return rows;
  }
  if (m.status === 'declined') {
    push('decline', 'assigned', 'declined', m.leadUnitId, '{}', '不属于本单位职责');
    return rows;
  }
  for (let r = 0; r < m.reminders; r++) push('remind', null, null, null, `{"level":${r + 1}}`);
  if (m.status === 'assigned') return rows;
  push('sign', 'assigned', 'signed', m.leadUnitId, '{}');
  for (const co of m.coUnitIds) push('sign', 'signed', 'signed', co, '{}');
  if (m.status === 'signed') return rows;
  for (let r = 0; r < extraReports; r++)
    push('report', 'in_progress', 'in_progress', m.leadUnitId, `{"progress":${Math.min(95, 10 * (r + 1))}}`);
  if (m.status === 'in_progress') return rows;
  push('submit', 'in_progress', 'submitted', m.leadUnitId, '{}');
  if (m.status === 'returned') {
    push('return', 'submitted', 'returned', null, '{}', '材料不全，请补充');
    return rows;
  }
  if (m.status === 'submitted') return rows;
  push('complete', 'submitted', 'done', null, '{}');
  return rows;
}

const reportable = new Set<TaskStatus>(['in_progress', 'submitted', 'returned', 'done']);

/** Text for COPY in chunks of a few thousand rows (tasks 1…TASKS), generated as the database asks for them. */
function copyStream(rowsOf: (n: number) => string[]): Readable {
  let id = 1;
  return new Readable({
    read() {
      if (id > TASKS) return void this.push(null);
      const lines: string[] = [];
      for (const end = Math.min(TASKS, id + 1999); id <= end; id++)
        for (const line of rowsOf(id)) lines.push(line);
      this.push(`${lines.join('\n')}\n`);
    },
  });
}

async function copyInto(pool: pg.Pool, table: string, columns: string, stream: Readable): Promise<void> {
  const client = await pool.connect();
  try {
    await pipeline(stream, client.query(copyFrom(`copy ${table} (${columns}) from stdin`)));
  } finally {
    client.release();
  }
}

type Deferred = { drop: string[]; create: string[] };

/**
 * Secondary indexes, unique and foreign-key constraints of the loaded tables, read from the migrated schema
 * (whatever the migration says today), dropped for the load and built once after it: one sort per index
 * instead of a million random inserts, one join per foreign key instead of a million lookups.
 */
async function deferIndexes(pool: pg.Pool, tables: string[]): Promise<Deferred> {
  const list = tables.map((t) => `'${t}'`).join(',');
  const constraints = (
    await pool.query<{ table: string; name: string; def: string; type: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def, contype as type
         from pg_constraint where conrelid::regclass::text in (${list}) and contype in ('f','u')`,
    )
  ).rows;
  const indexes = (
    await pool.query<{ name: string; def: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i where i.indrelid::regclass::text in (${list}) and not i.indisprimary
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    )
  ).rows;
  return {
    drop: [
      ...constraints.map((c) => `alter table ${c.table} drop constraint ${c.name}`),
      ...indexes.map((i) => `drop index ${i.name}`),
    ],
    create: [
      ...indexes.map((i) => i.def),
      ...constraints
        .filter((c) => c.type === 'u')
        .map((c) => `alter table ${c.table} add constraint ${c.name} ${c.def}`),
      ...constraints
        .filter((c) => c.type === 'f')
        .map((c) => `alter table ${c.table} add constraint ${c.name} ${c.def}`),
    ],
  };
}

async function load(database: Database): Promise<void> {
  if (database.driver.kind !== 'postgres') throw new Error('the bench needs PostgreSQL');
  const pool = database.driver.pool;
  const city = await readCity(pool);
  const deferred = await deferIndexes(pool, ['tasks', 'task_assignments', 'record_events']);
  for (const statement of deferred.drop) await pool.query(statement);

  // The demo seed has tasks of its own: the generated ones come after them.
  const after = async (table: string) =>
    (await pool.query<{ n: number }>(`select coalesce(max(id), 0)::int as n from ${table}`)).rows[0]!.n;
  const taskBase = await after('tasks');
  const taskId = (n: number) => taskBase + n;
  // Assignment and event ids follow from each task's counts; a first pass over the models works them out.
  let started = performance.now();
  const firstAssignment = new Int32Array(TASKS + 2);
  const firstEvent = new Int32Array(TASKS + 2);
  const extraReports = new Uint8Array(TASKS + 1);
  const assignmentBase = await after('task_assignments');
  const eventBase = await after('record_events');
  let assignments = assignmentBase + 1;
  let events = eventBase + 1;
  for (let n = 1; n <= TASKS; n++) {
    const m = modelOf(city, taskId(n));
    firstAssignment[n] = assignments;
    assignments += 1 + m.coUnitIds.length;
    firstEvent[n] = events;
    const base = eventRows(m, city.adminId, 0, 0).length;
    const due = Math.round((EVENTS * n) / TASKS) - (events - 1 - eventBase) - base;
    extraReports[n] = reportable.has(m.status) ? Math.max(0, Math.min(12, due)) : 0;
    events += base + extraReports[n]!;
  }
  log(
    `  models: ${TASKS.toLocaleString()} tasks, ${(assignments - 1 - assignmentBase).toLocaleString()} assignments, ${(events - 1 - eventBase).toLocaleString()} events, after the demo seed's ${taskBase} tasks (${seconds(started)})`,
  );

  started = performance.now();
  await Promise.all([
    copyInto(
      pool,
      'tasks',
      taskColumns,
      copyStream((n) => [taskRow(modelOf(city, taskId(n)), city.adminId)]),
    ),
    copyInto(
      pool,
      'task_assignments',
      assignmentColumns,
      copyStream((n) => assignmentRows(modelOf(city, taskId(n)), firstAssignment[n]!)),
    ),
    copyInto(
      pool,
      'record_events',
      eventColumns,
      copyStream((n) => {
        const m = modelOf(city, taskId(n));
        // The same random numbers as the counting pass: the model draws first, then the events.
        return eventRows(m, city.adminId, extraReports[n]!, firstEvent[n]!);
      }),
    ),
  ]);
  log(`  COPY tasks, task_assignments, record_events: ${seconds(started)}`);

  started = performance.now();
  // Two at a time: the machine has two cores and the server does the sorting.
  const creates = [...deferred.create];
  const builder = async () => {
    const client = await pool.connect();
    try {
      await client.query(`set maintenance_work_mem = '256MB'`);
      for (let s = creates.shift(); s; s = creates.shift()) await client.query(s);
    } finally {
      client.release();
    }
  };
  await Promise.all([builder(), builder()]);
  for (const [table, column] of [
    ['tasks', 'id'],
    ['task_assignments', 'id'],
    ['record_events', 'id'],
  ])
    await pool.query(
      `select setval(pg_get_serial_sequence('${table}', '${column}'), (select max(${column}) from ${table}))`,
    );
  log(`  indexes and constraints (${deferred.create.length}): ${seconds(started)}`);
  started = performance.now();
  // VACUUM as autovacuum would have by now: the visibility map lets index-only scans skip the heap.
  await pool.query('vacuum (analyze) tasks, task_assignments, record_events');
  log(`  vacuum analyze: ${seconds(started)}`);
}

// ---------------------------------------------------------------- measuring

type Scope = {
  name: string;
  kind: 'district' | 'department' | 'city';
  cookie: string;
  unitId: number;
  prefix: string;
  /** The caller's own unit (the HQ office for the HQ), whose assignment each list item shows. */
  ownUnitId: number;
};
type Filter = 'open' | 'red' | 'all';
type Keyset = { key: string; id: number } | null;

/** The light by the issue's rule, written out by hand. */
const lightCase = `case
        when t.status in ('draft','cancelled') then 'grey'
        when t.status = 'done' then case when t.was_late or t.completed_at > t.deadline_at then 'yellow' else 'green' end
        when t.status = 'submitted' then case when t.was_late or t.submitted_at > t.deadline_at then 'yellow' else 'green' end
        when t.deadline_at = 'infinity' then case when t.was_late then 'yellow' else 'green' end
        when t.deadline_at < now() then 'red'
        when t.was_late then 'yellow'
        when (t.deadline_at at time zone 'Asia/Shanghai')::date - (now() at time zone 'Asia/Shanghai')::date
             <= coalesce((select yellow_days from supervision_settings where id = 1), 3) then 'yellow'
        else 'green' end`;

const filterQuery: Record<Filter, string> = { open: 'state=open', red: 'light=red', all: '' };
const filterSql: Record<Filter, string> = {
  open: `t.status not in ('done','cancelled')`,
  red: `t.status in ('assigned','signed','in_progress','returned','declined') and t.deadline_at < now()`,
  all: 'true',
};
/**
 * What that means for a unit's assignments, which a liaison's list walks: their deadline is the task's, a draft's
 * assignments are drafts, and only open tasks have open assignments.
 */
const assignmentSql: Record<Filter, string> = {
  open: `a.status not in ('draft','done','cancelled')`,
  red: `a.status not in ('draft','done','cancelled') and a.deadline_at < now()`,
  all: `a.status <> 'draft'`,
};

/**
 * The page as someone who knows the indexes would write it by hand, in one statement: the scope's rows in
 * deadline order straight off an index (a department walks its assignments, a district takes the earliest of
 * its region and of its unit's assignments), the names joined, the light by the same rule, and the count the
 * list shows (exact up to 10,000).
 */
function handWritten(scope: Scope, filter: Filter, after: Keyset): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  // Units never see the office's drafts (their assignments say so too: assignmentSql).
  const where = filterSql[filter];
  const inRegion = scope.kind === 'city' ? where : `t.status <> 'draft' and ${where}`;
  const keyed = (deadline: string, id: string) =>
    after ? ` and (${deadline}, ${id}) > (${param(after.key)}::timestamptz, ${param(after.id)})` : '';
  const byRegion = (k: boolean) =>
    `select t.id, t.deadline_at from tasks t where t.region_code like ${param(`${scope.prefix}%`)} and ${inRegion}${k ? keyed('t.deadline_at', 't.id') : ''}`;
  // A district sees its unit's tasks outside the district too: that part is kept apart so the two never overlap.
  const outside =
    scope.kind === 'district' ? ` and not (t.region_code like ${param(`${scope.prefix}%`)})` : '';
  const byUnit = (k: boolean) =>
    `select a.task_id as id, a.deadline_at from task_assignments a join tasks t on t.id = a.task_id where a.unit_id = ${param(scope.unitId)} and ${assignmentSql[filter]}${outside} and ${where}${k ? keyed('a.deadline_at', 'a.task_id') : ''}`;
  const limit = PAGE_SIZE + 1;
  let page: string;
  let counted: string;
  if (scope.kind === 'city') {
    page = `${byRegion(true)} order by t.deadline_at, t.id limit ${limit}`;
    counted = byRegion(false);
  } else if (scope.kind === 'department') {
    page = `${byUnit(true)} order by a.deadline_at, a.task_id limit ${limit}`;
    counted = byUnit(false);
  } else {
    page = `select id, deadline_at from ((${byRegion(true)} order by t.deadline_at, t.id limit ${limit})
      union all (${byUnit(true)} order by a.deadline_at, a.task_id limit ${limit})) b order by deadline_at, id limit ${limit}`;
    counted = `(${byRegion(false)}) union all (${byUnit(false)})`;
  }
  const text = `
    with total as (select count(*)::int as n from (${counted} limit 10001) c)
    select t.id, t.title, t.status, t.category, t.priority, t.region_code, coalesce(r.name, t.region_code) as region_name,
      u.id as lead_id, u.name as lead_name, t.due_at, t.cadence, t.next_report_due_at, t.deadline_at::text as deadline_key,
      ${lightCase} as light,
      t.listed, t.progress, t.parent_id, t.meeting_id,
      array(select d.directive_id from task_directives d where d.task_id = t.id order by d.directive_id) as directive_ids,
      (select json_build_object('role', m.role, 'status', m.status) from task_assignments m
        where m.task_id = t.id and m.unit_id = ${param(scope.ownUnitId)}) as my_assignment,
      t.updated_at, total.n as total
    from (${page}) p join tasks t on t.id = p.id join units u on u.id = t.lead_unit_id
      left join regions r on r.code = t.region_code cross join total
    order by t.deadline_at, t.id`;
  return { text, values };
}

type Timing = { p50: number; p95: number };

function percentiles(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function getList(app: FastifyInstance, cookie: string, query: string): Promise<TaskList> {
  const res = await app.inject({ method: 'GET', url: `/api/tasks?${query}`, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`GET /api/tasks?${query}: ${res.statusCode} ${res.body}`);
  return res.json() as TaskList;
}

type Row = {
  scope: string;
  list: string;
  http: Timing;
  sql: Timing;
  total: string;
};
const table: Row[] = [];

/** HTTP and the hand-written query take turns, so a burst of load on the shared machine hits both alike. */
async function measure(
  app: FastifyInstance,
  pool: pg.Pool,
  scope: Scope,
  filter: Filter,
  label: string,
  cursor: string | null,
  after: Keyset,
): Promise<Row> {
  const query = [filterQuery[filter], 'sort=due', `pageSize=${PAGE_SIZE}`, cursor ? `cursor=${cursor}` : '']
    .filter(Boolean)
    .join('&');
  const sqlQuery = handWritten(scope, filter, after);
  const viaHttp = await getList(app, scope.cookie, query);
  const viaSql = (await pool.query(sqlQuery)).rows as {
    id: number;
    light: string;
    total: number;
    my_assignment: { role: string; status: string } | null;
  }[];
  const httpIds = viaHttp.items
    .map((i) => `${i.id}:${i.light}:${i.myAssignment?.role ?? '-'}:${i.myAssignment?.status ?? '-'}`)
    .join(',');
  const sqlIds = viaSql
    .slice(0, PAGE_SIZE)
    .map((r) => `${r.id}:${r.light}:${r.my_assignment?.role ?? '-'}:${r.my_assignment?.status ?? '-'}`)
    .join(',');
  if (httpIds !== sqlIds)
    throw new Error(
      `${scope.name} ${label}: the API and the hand-written query disagree\n  ${httpIds}\n  ${sqlIds}`,
    );
  const sqlTotal = viaSql[0]?.total ?? 0;
  if (!viaHttp.totalIsEstimate && viaHttp.total !== sqlTotal)
    throw new Error(`${scope.name} ${label}: total ${viaHttp.total} ≠ ${sqlTotal}`);
  const http: number[] = [];
  const sqlTimes: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    let t = performance.now();
    await getList(app, scope.cookie, query);
    const h = performance.now() - t;
    t = performance.now();
    await pool.query(sqlQuery);
    const s = performance.now() - t;
    if (i >= 5) {
      http.push(h);
      sqlTimes.push(s);
    }
  }
  const row = {
    scope: scope.name,
    list: label,
    http: percentiles(http),
    sql: percentiles(sqlTimes),
    total: `${viaHttp.totalIsEstimate ? '≈' : ''}${viaHttp.total.toLocaleString()}`,
  };
  table.push(row);
  log(
    `  ${row.scope.padEnd(12)} ${row.list.padEnd(26)} http p50 ${row.http.p50.toFixed(1).padStart(6)} p95 ${row.http.p95.toFixed(1).padStart(6)} ms   sql p50 ${row.sql.p50.toFixed(1).padStart(6)} p95 ${row.sql.p95.toFixed(1).padStart(6)} ms   ×${(row.http.p50 / row.sql.p50).toFixed(2)}   total ${row.total}`,
  );
  return row;
}

/** Follows nextCursor from page 1 to the page before `page`, checking no task comes twice; returns its cursor. */
async function cursorOfPage(
  app: FastifyInstance,
  scope: Scope,
  filter: Filter,
  page: number,
): Promise<{ cursor: string; after: Keyset; pages: number; msPerPage: number } | null> {
  const seen = new Set<number>();
  const base = [filterQuery[filter], 'sort=due', `pageSize=${PAGE_SIZE}`].filter(Boolean).join('&');
  let cursor: string | null = null;
  let last: TaskList['items'][number] | undefined;
  const started = performance.now();
  let p = 1;
  for (; p < page; p++) {
    const list = await getList(app, scope.cookie, cursor ? `${base}&cursor=${cursor}` : base);
    for (const item of list.items) {
      if (seen.has(item.id)) throw new Error(`${scope.name}: task ${item.id} came twice while paging`);
      seen.add(item.id);
    }
    last = list.items.at(-1);
    if (!list.nextCursor) return null;
    cursor = list.nextCursor;
  }
  if (!cursor || !last) return null;
  const [, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
    string,
    string,
    number,
  ];
  return { cursor, after: { key, id }, pages: p - 1, msPerPage: (performance.now() - started) / (p - 1) };
}

/**
 * Before any timing: the API's pages (three by cursor, one by page number) and totals for many filters, against
 * the scope and filters written as one plain WHERE paged by OFFSET, which is slow and obviously right.
 */
async function checkAgainstPlainQuery(
  app: FastifyInstance,
  pool: pg.Pool,
  scopes: Scope[],
  healthUnit: number,
): Promise<number> {
  const inDays = (d: number) => new Date(NOW + d * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = inDays(-20);
  const to = inDays(10);
  const cases: [string, (s: Scope) => string][] = [
    ['', () => 'true'],
    ['state=open', () => filterSql.open],
    ['state=closed', () => `t.status in ('done','cancelled')`],
    ['light=red', () => filterSql.red],
    ['light=yellow', () => `(${lightCase}) = 'yellow'`],
    ['light=green&state=open', () => `(${lightCase}) = 'green' and ${filterSql.open}`],
    ['status=submitted', () => `t.status = 'submitted'`],
    ['status=declined', () => `t.status = 'declined'`],
    ['category=safety&state=open', () => `t.category = 'safety' and ${filterSql.open}`],
    ['listed=true', () => 't.listed'],
    ['regionCode=420502001000&state=open', () => `t.region_code like '420502001%' and ${filterSql.open}`],
    [
      `unitId=${healthUnit}&light=red`,
      () =>
        `exists (select 1 from task_assignments a where a.task_id = t.id and a.unit_id = ${healthUnit}) and ${filterSql.red}`,
    ],
    [
      'mine=true&state=open',
      (s) =>
        `exists (select 1 from task_assignments a where a.task_id = t.id and a.unit_id = ${s.ownUnitId}) and ${filterSql.open}`,
    ],
    [
      `dueFrom=${from}&dueTo=${to}`,
      () =>
        `t.deadline_at >= '${from}T00:00:00+08:00' and t.deadline_at < '${to}T00:00:00+08:00'::timestamptz + interval '1 day'`,
    ],
    ['q=隔离&state=open', () => `t.title ilike '%隔离%' and ${filterSql.open}`],
  ];
  let checked = 0;
  for (const scope of scopes) {
    const inScope =
      scope.kind === 'city'
        ? `t.region_code like '${scope.prefix}%'`
        : scope.kind === 'department'
          ? `t.status <> 'draft' and exists (select 1 from task_assignments a where a.task_id = t.id and a.unit_id = ${scope.unitId})`
          : `t.status <> 'draft' and (t.region_code like '${scope.prefix}%' or exists (select 1 from task_assignments a where a.task_id = t.id and a.unit_id = ${scope.unitId}))`;
    for (const [qs, condition] of cases) {
      const where = `${inScope} and ${condition(scope)}`;
      const [reference, counted] = await Promise.all([
        pool.query<{ id: number }>(
          `select t.id from tasks t where ${where} order by t.deadline_at, t.id limit 60`,
        ),
        pool.query<{ n: number }>(
          `select count(*)::int as n from (select 1 from tasks t where ${where} limit 10001) c`,
        ),
      ]);
      const expected = reference.rows.map((r) => r.id);
      const n = counted.rows[0]!.n;
      const base = [qs, 'sort=due', 'pageSize=20'].filter(Boolean).join('&');
      const got: number[] = [];
      let cursor: string | null = null;
      let first: TaskList | null = null;
      for (let page = 0; page < 3; page++) {
        const list = await getList(app, scope.cookie, cursor ? `${base}&cursor=${cursor}` : base);
        first ??= list;
        got.push(...list.items.map((i) => i.id));
        cursor = list.nextCursor;
        if (!cursor) break;
      }
      const third = await getList(app, scope.cookie, `${base}&page=3`);
      const problems = [
        got.join() !== expected.join() &&
          `cursor pages ${got.slice(0, 8).join()}… ≠ ${expected.slice(0, 8).join()}…`,
        third.items.map((i) => i.id).join() !== expected.slice(40, 60).join() && 'page=3 differs',
        n <= 10_000 && (first!.totalIsEstimate || first!.total !== n) && `total ${first!.total} ≠ ${n}`,
        n > 10_000 &&
          (!first!.totalIsEstimate || first!.total <= 10_000) &&
          `total ${first!.total} should be an estimate`,
      ].filter(Boolean);
      if (problems.length) throw new Error(`${scope.name} ?${qs}: ${problems.join('; ')}`);
      checked++;
    }
  }
  return checked;
}

async function actorOf(pool: pg.Pool, username: string): Promise<Actor> {
  const { rows } = await pool.query(
    `select u.id, u.username, u.display_name, u.role, u.unit_id, n.name as unit_name, r.code, r.name, r.level
       from users u join units n on n.id = u.unit_id join regions r on r.code = u.scope_region_code where u.username = $1`,
    [username],
  );
  const u = rows[0];
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    unitId: u.unit_id,
    unitName: u.unit_name,
    scopeRegion: { code: u.code, name: u.name, level: u.level },
  };
}

async function timeIt<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await work();
    times.push(performance.now() - t);
  }
  return { ms: percentiles(times).p50, result: result! };
}

async function main(): Promise<void> {
  log(
    `tasks list: ${TASKS.toLocaleString()} tasks, ${RUNS} timed requests per case, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  let throwaway: { url: string; drop: () => Promise<void> } | null = null;
  let url = reuseUrl;
  if (!url) {
    throwaway = await createThrowawayDatabase(serverUrl);
    url = throwaway.url;
  }
  const database = await openDatabase({ databaseUrl: url });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-tasks-bench-'));
  let app: FastifyInstance | undefined;
  try {
    if (!reuseUrl) {
      const started = performance.now();
      await database.migrate();
      await seedDemo(database.db);
      log(`  migrated and seeded the demo city: ${seconds(started)}`);
      await load(database);
      log(`  loaded in ${seconds(started)}`);
    }
    if (database.driver.kind !== 'postgres') throw new Error('the bench needs PostgreSQL');
    const pool = database.driver.pool;
    if (loadOnly) {
      log(`kept the database: BENCH_REUSE=${url}`);
      return;
    }
    const sizes = (
      await pool.query(
        `select relname, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class where relname in ('tasks','task_assignments','record_events')`,
      )
    ).rows.map((r) => `${r.relname} ${r.size}`);
    log(`  sizes (with indexes): ${sizes.join(', ')}`);

    app = await buildApp({
      database,
      // The reminders job would chase the 70,000 overdue tasks while the lists are timed: not what is measured.
      jobPollMs: 0,
      config: readConfig({
        LOG_LEVEL: 'silent',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        TONGCHOU_DATA_DIR: dataDir,
      }),
    });
    const login = async (username: string, password = DEMO_PASSWORD) => {
      const res = await app!.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return cookieFrom(res);
    };
    const admin = await login('admin');
    const unitIdOf = async (name: string) =>
      (await pool.query<{ id: number }>('select id from units where name = $1', [name])).rows[0]!.id;
    const healthUnit = await unitIdOf(HEALTH);
    // The demo seed's liaison of the health commission (city scope, sees only the commission's tasks), or one made here.
    let healthUser = 'weijian';
    let healthPassword = DEMO_PASSWORD;
    const seeded = await pool.query('select 1 from users where username = $1 and unit_id = $2', [
      healthUser,
      healthUnit,
    ]);
    if (!seeded.rowCount) {
      healthUser = 'bench-health';
      healthPassword = 'Bench#Health2022';
      const exists = await pool.query('select 1 from users where username = $1', [healthUser]);
      if (!exists.rowCount) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie: admin },
          payload: {
            username: healthUser,
            displayName: '王卫健',
            password: healthPassword,
            role: 'unit_liaison',
            unitId: healthUnit,
            scopeRegionCode: '420500000000',
            idNumber: makeIdNumber(901),
          },
        });
        if (res.statusCode !== 201)
          throw new Error(`create the health liaison: ${res.statusCode} ${res.body}`);
      }
    }
    const xilingUnit = await unitIdOf('西陵区人民政府');
    const hqUnit = (
      await pool.query<{ id: number }>(`select unit_id as id from users where username = 'admin'`)
    ).rows[0]!.id;
    const scopes: Scope[] = [
      {
        name: 'xiling',
        kind: 'district',
        cookie: await login('xiling'),
        unitId: xilingUnit,
        prefix: '420502',
        ownUnitId: xilingUnit,
      },
      {
        name: '市卫健委',
        kind: 'department',
        cookie: await login(healthUser, healthPassword),
        unitId: healthUnit,
        prefix: '',
        ownUnitId: healthUnit,
      },
      { name: 'admin (HQ)', kind: 'city', cookie: admin, unitId: 0, prefix: '4205', ownUnitId: hqUnit },
    ];

    if (process.env.BENCH_CHECK !== '0') {
      const started = performance.now();
      const wujiagangUnit = await unitIdOf('伍家岗区人民政府');
      const checked = await checkAgainstPlainQuery(
        app,
        pool,
        [
          ...scopes,
          {
            name: 'wujiagang',
            kind: 'district',
            cookie: await login('wujiagang'),
            unitId: wujiagangUnit,
            prefix: '420503',
            ownUnitId: wujiagangUnit,
          },
        ],
        healthUnit,
      );
      log(
        `\nchecked: ${checked} lists (4 scopes × filters), 3 pages by cursor, page 3 by number and the total, all as the plain query gives them (${seconds(started)})`,
      );
    }

    log('\nfirst page (20) and page 5,000, sorted by deadline; http = GET /api/tasks via app.inject');
    const deep: { scope: string; first: Row; deep: Row; pages: number; msPerPage: number }[] = [];
    for (const scope of scopes) {
      await measure(app, pool, scope, 'open', 'state=open, page 1', null, null);
      await measure(app, pool, scope, 'red', 'light=red, page 1', null, null);
      const first = await measure(app, pool, scope, 'all', 'all, page 1', null, null);
      const reached = await cursorOfPage(app, scope, 'all', DEEP_PAGE);
      if (!reached) {
        log(`  ${scope.name}: fewer than ${DEEP_PAGE} pages`);
        continue;
      }
      const row = await measure(
        app,
        pool,
        scope,
        'all',
        `all, page ${DEEP_PAGE}`,
        reached.cursor,
        reached.after,
      );
      deep.push({ scope: scope.name, first, deep: row, pages: reached.pages, msPerPage: reached.msPerPage });
    }

    log('\ncity-wide overdue (HQ)');
    const hq = await actorOf(pool, 'admin');
    // Taking turns as above; the hand-written one returns the same rows and columns.
    const overdueMs: number[] = [];
    const overdueSqlMs: number[] = [];
    let overdueCount = 0;
    for (let i = 0; i < 6; i++) {
      let t = performance.now();
      overdueCount = (await overdueTasks(database.db, hq)).length;
      if (i) overdueMs.push(performance.now() - t);
      t = performance.now();
      await pool.query(`select t.id, t.title, t.status, t.region_code, coalesce(r.name, t.region_code) as region_name,
          u.id as lead_id, u.name as lead_name, t.deadline_at,
          (now() at time zone 'Asia/Shanghai')::date - (t.deadline_at at time zone 'Asia/Shanghai')::date as days,
          t.listed, t.reminders
        from tasks t join units u on u.id = t.lead_unit_id left join regions r on r.code = t.region_code
        where t.region_code like '4205%' and ${filterSql.red} order by t.deadline_at, t.id`);
      if (i) overdueSqlMs.push(performance.now() - t);
    }
    const overdue = { ms: percentiles(overdueMs).p50, sql: percentiles(overdueSqlMs).p50 };
    const redCount = await timeIt(5, async () => {
      const { rows } = await pool.query(`select count(*)::int as n from tasks t where ${filterSql.red}`);
      return rows[0].n as number;
    });
    if (overdueCount !== redCount.result)
      throw new Error(`overdueTasks gave ${overdueCount} tasks, the red count is ${redCount.result}`);
    log(
      `  overdueTasks(admin): ${overdueCount.toLocaleString()} tasks in ${overdue.ms.toFixed(0)} ms (p50 of 5), the same rows by hand ${overdue.sql.toFixed(0)} ms (×${(overdue.ms / overdue.sql).toFixed(2)}); count of red tasks by hand: ${redCount.ms.toFixed(0)} ms`,
    );

    log('\nsummary (p95 target < 100 ms, moonshot < 30 ms; ratio to the hand-written query ≤ 1.5×)');
    log(`| scope | list | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | ratio p50 | ratio p95 | total |`);
    log(`| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
    for (const r of table)
      log(
        `| ${r.scope} | ${r.list} | ${r.http.p50.toFixed(1)} | ${r.http.p95.toFixed(1)} | ${r.sql.p50.toFixed(1)} | ${r.sql.p95.toFixed(1)} | ${(r.http.p50 / r.sql.p50).toFixed(2)}× | ${(r.http.p95 / r.sql.p95).toFixed(2)}× | ${r.total} |`,
      );
    for (const d of deep)
      log(
        `  ${d.scope}: page ${DEEP_PAGE} / page 1 = ${(d.deep.http.p50 / d.first.http.p50).toFixed(2)}× (p50), ${(d.deep.http.p95 / d.first.http.p95).toFixed(2)}× (p95); reached by following ${d.pages} cursors at ${d.msPerPage.toFixed(1)} ms a page`,
      );
    const misses = [
      ...table
        .filter((r) => r.http.p95 >= 100)
        .map((r) => `${r.scope} ${r.list} p95 ${r.http.p95.toFixed(0)} ms`),
      ...table
        .filter((r) => r.http.p50 / r.sql.p50 > 1.5)
        .map((r) => `${r.scope} ${r.list} ${(r.http.p50 / r.sql.p50).toFixed(2)}× the hand-written query`),
      ...deep
        .filter((d) => d.deep.http.p50 > d.first.http.p50 * 1.2)
        .map((d) => `${d.scope} page ${DEEP_PAGE} slower than page 1`),
      ...(overdue.ms >= 1000 ? [`overdueTasks ${overdue.ms.toFixed(0)} ms`] : []),
    ];
    log(misses.length ? `targets missed: ${misses.join('; ')}` : 'targets met');
    if (keep && throwaway) log(`kept the database: BENCH_REUSE=${throwaway.url}`);
  } finally {
    await app?.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (throwaway && !keep) await throwaway.drop();
  }
}

await main();
