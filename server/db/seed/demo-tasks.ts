// Demo meetings and tasks: four meeting reports we wrote are imported and reviewed, and tasks made from their
// directives are driven through the task service by the demo accounts into every state, over the last weeks.
//
// Why history is re-dated here: the service refuses deadlines in the past and stamps every change "now", so a
// task that is four days overdue, with a report a fortnight ago and a reminder yesterday, cannot be made by calling
// it. Each step is therefore run through the service as it stands (its checks and side effects are the real ones)
// and then what the step wrote is moved back to the moment the story gives it: every stamp written during the seed
// (at or after `since`) of the task's rows, its assignments, reports, files, events and the notifications it sent
// becomes that moment.
// Deadlines are set directly (a deadline already passed is first given as a future placeholder, then set). Times
// are counted from the database's clock in Beijing's calendar, so a fresh install on any day shows the same story:
// the same tasks in the same states, the same ones overdue (only how many weekly reports came before depends on
// the weekday). The audit log is left as written: it says what was done to the database and when (the seed), not
// what the story pretends. A table that gains a time column written by these steps must be added to redateTasks.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Cadence, TaskCreate, TaskEventInput } from '../../../shared/contracts/tasks.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import {
  acceptRemainingDirectives,
  importMeeting,
  markReviewed,
  updateDirective,
} from '../../modules/meetings/meetings.service.ts';
import { regions } from '../../modules/regions/regions.table.ts';
import { type Period, periodsBetween } from '../../modules/tasks/tasks.cadence.ts';
import { beijingDate, dueAtInstant, nextMissingDue } from '../../modules/tasks/tasks.dates.ts';
import { copyDeadlineToAssignments, daysOverdue } from '../../modules/tasks/tasks.machine.ts';
import { createTask, sendTaskEvent } from '../../modules/tasks/tasks.service.ts';
import { tasks } from '../../modules/tasks/tasks.table.ts';
import { units } from '../../modules/units/units.table.ts';
import { users } from '../../modules/users/users.table.ts';
import type { Db } from '../client.ts';

const meetingsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo-meetings');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CITY = '420500000000';
const XILING = '420502000000';

type Story = {
  tx: Db;
  /** The database's clock when the seed began: the story's "now". */
  now: Date;
  /** Anything stamped at or after this was written by the seed and is still to be re-dated. */
  since: Date;
  people: Map<string, Actor>;
  unitIds: Map<string, number>;
  /** The moment of each task's latest step: a story told out of order would give a history out of order. */
  last: Map<number, number>;
  /** Tasks whose story makes them late once (submitted after the deadline): their light stays yellow when done. */
  late: Set<number>;
};

/** Both drivers answer a raw query with `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A moment `days` days from today in Beijing's calendar (negative: ago), at a Beijing time of day. */
function day(s: Story, days: number, time: string): Date {
  return new Date(`${beijingDate(new Date(s.now.getTime() + days * DAY))}T${time}:00+08:00`);
}

/** The end of the Beijing day `days` from today, as a deadline is given (a date alone). */
function endOfDay(s: Story, days: number): string {
  return beijingDate(new Date(s.now.getTime() + days * DAY));
}

function person(s: Story, username: string): Actor {
  const actor = s.people.get(username);
  if (!actor) throw new Error(`demo tasks: no demo account ${username}`);
  return actor;
}

function unitId(s: Story, name: string): number {
  const id = s.unitIds.get(name);
  if (!id) throw new Error(`demo tasks: no unit named ${name}`);
  return id;
}

function checkMoment(s: Story, ids: number[], at: Date): void {
  if (at.getTime() >= s.since.getTime())
    throw new Error(`demo tasks: a step at ${at.toISOString()} is not past`);
  for (const id of ids) {
    if ((s.last.get(id) ?? 0) > at.getTime())
      throw new Error(`demo tasks: task ${id} has a step at ${at.toISOString()} before its previous one`);
    s.last.set(id, at.getTime());
  }
}

const idList = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/** `column = at` where the seed stamped it, in one SET list. */
function stamps(columns: string[], at: string, since: string) {
  return sql.join(
    columns.map((c) => {
      const col = sql.identifier(c);
      return sql`${col} = case when ${col} >= ${since}::timestamptz then ${at}::timestamptz else ${col} end`;
    }),
    sql`, `,
  );
}

/** Moves what the last step wrote on these tasks to the moment the story gives it (see the top of the file). */
async function redateTasks(s: Story, ids: number[], at: Date): Promise<void> {
  const a = at.toISOString();
  const since = s.since.toISOString();
  await s.tx.execute(sql`
    with t as (
      update tasks set ${stamps(['listed_at', 'last_reminded_at', 'assigned_at', 'submitted_at', 'completed_at', 'created_at', 'updated_at'], a, since)}
      where id in (${idList(ids)}) returning 1),
    a as (
      update task_assignments set ${stamps(['signed_at', 'submitted_at', 'created_at', 'updated_at'], a, since)}
      where task_id in (${idList(ids)}) returning 1),
    r as (
      update task_reports set created_at = ${a}::timestamptz
      where task_id in (${idList(ids)}) and created_at >= ${since}::timestamptz returning 1),
    f as (
      update task_attachments set created_at = ${a}::timestamptz
      where task_id in (${idList(ids)}) and created_at >= ${since}::timestamptz returning 1),
    n as (
      update notifications set created_at = ${a}::timestamptz
      where record_kind = 'task' and record_id in (${idList(ids)}) and created_at >= ${since}::timestamptz
      returning 1)
    update record_events set at = ${a}::timestamptz
    where record_kind = 'task' and record_id in (${idList(ids)}) and at >= ${since}::timestamptz`);
}

async function redateMeeting(s: Story, id: number, at: Date): Promise<void> {
  const a = at.toISOString();
  const since = s.since.toISOString();
  await s.tx.execute(sql`
    with m as (
      update meetings set ${stamps(['created_at', 'updated_at'], a, since)} where id = ${id} returning 1),
    d as (
      update directives set ${stamps(['created_at', 'updated_at'], a, since)} where meeting_id = ${id} returning 1)
    update record_events set at = ${a}::timestamptz
    where record_kind = 'meeting' and record_id = ${id} and at >= ${since}::timestamptz`);
}

// ---------------------------------------------------------------- meetings

type DemoMeeting = { id: number; directives: { id: number; text: string }[] };

/**
 * Imports a report as the office does (staff, through the meetings service), keeps the directives that name who
 * is to act and drops the headings ("一要…") and general calls, and marks the review finished.
 */
async function recordMeeting(
  s: Story,
  file: string,
  at: { imported: Date; reviewed: Date },
  regionCode = CITY,
): Promise<DemoMeeting> {
  const staff = person(s, 'staff');
  checkMoment(s, [], at.reviewed);
  const { meeting } = await importMeeting(
    s.tx,
    staff,
    { file: fs.readFileSync(path.join(meetingsDir, file)), contentType: 'text/plain' },
    { regionCode },
  );
  await redateMeeting(s, meeting.id, at.imported);
  for (const d of meeting.directives) {
    const heading = /^[一二三四五六七八九十]要/u.test(d.text) && d.text.length < 20;
    if (heading || d.units.length === 0)
      await updateDirective(s.tx, staff, meeting.id, d.id, { status: 'dropped' });
    // The parser leaves market supply uncategorised; the reviewer files it under the economy.
    else if (d.category === 'other' && /保供/u.test(d.text))
      await updateDirective(s.tx, staff, meeting.id, d.id, { category: 'economy', status: 'accepted' });
  }
  const accepted = (await acceptRemainingDirectives(s.tx, staff, meeting.id)).filter(
    (d) => d.status === 'accepted',
  );
  await markReviewed(s.tx, staff, meeting.id);
  await redateMeeting(s, meeting.id, at.reviewed);
  return { id: meeting.id, directives: accepted.map((d) => ({ id: d.id, text: d.text })) };
}

/** The accepted directive that says this; the demo story is written against our own reports. */
function directive(meeting: DemoMeeting, says: string): number {
  const found = meeting.directives.find((d) => d.text.includes(says));
  if (!found) throw new Error(`demo tasks: no accepted directive saying “${says}” in meeting ${meeting.id}`);
  return found.id;
}

// ---------------------------------------------------------------- tasks

type Spec = Omit<
  TaskCreate,
  'leadUnitId' | 'coUnitIds' | 'dueAt' | 'regionCode' | 'directiveIds' | 'cadence'
> & {
  cadence?: Cadence;
  lead: string;
  co?: string[];
  regionCode?: string;
  /** The deadline: the end of the Beijing day this many days from today (negative: already passed). */
  dueInDays?: number;
  from?: { meeting: DemoMeeting; says: string };
};

/** The office makes a task (assigns it, or saves a draft) at `at`, by `by`; returns its id and sub-tasks. */
async function makeTask(
  s: Story,
  at: Date,
  by: string,
  spec: Spec,
): Promise<{ id: number; subtasks: { id: number; regionCode: string }[] }> {
  const { lead, co = [], dueInDays, from, regionCode = CITY, ...rest } = spec;
  const deadline = dueInDays === undefined ? undefined : endOfDay(s, dueInDays);
  // A deadline the story has already passed is given as a future one, then set (see the top of the file).
  const passed = deadline !== undefined && dueAtInstant(deadline).getTime() <= s.now.getTime() + HOUR;
  const created = await createTask(s.tx, person(s, by), {
    ...rest,
    regionCode,
    leadUnitId: unitId(s, lead),
    coUnitIds: co.map((name) => unitId(s, name)),
    dueAt: passed ? endOfDay(s, 30) : deadline,
    directiveIds: from ? [directive(from.meeting, from.says)] : [],
  });
  const ids = [created.id, ...created.subtasks.map((t) => t.id)];
  checkMoment(s, ids, at);
  if (passed) {
    const dueAt = dueAtInstant(deadline!);
    await s.tx.update(tasks).set({ dueAt }).where(inArray(tasks.id, ids));
    for (const id of ids) await copyDeadlineToAssignments(s.tx, id);
    await s.tx.execute(sql`
      update record_events set payload = jsonb_set(payload, '{dueAt}', to_jsonb(${dueAt.toISOString()}::text))
      where record_kind = 'task' and record_id in (${idList(ids)}) and payload ? 'dueAt'`);
  }
  if (spec.cadence && !spec.draft) {
    // The first report falls due after the moment the story assigns it, not after the seed ran.
    const next = nextMissingDue(spec.cadence, at, spec.endsOn ?? null, new Set(), s.now);
    await s.tx.update(tasks).set({ nextReportDueAt: next }).where(inArray(tasks.id, ids));
    for (const id of ids) await copyDeadlineToAssignments(s.tx, id);
  }
  await redateTasks(s, ids, at);
  return { id: created.id, subtasks: created.subtasks };
}

/** `by` sends an event to the task at `at`, through the service as the web UI does. */
async function act(s: Story, id: number, at: Date, by: string, input: TaskEventInput): Promise<void> {
  checkMoment(s, [id], at);
  await sendTaskEvent(s.tx, person(s, by), id, input);
  await redateTasks(s, [id], at);
  if (input.type === 'list') {
    // Counted as of the listing, not as of the seed.
    const [task] = await s.tx.select({ deadlineAt: tasks.deadlineAt }).from(tasks).where(eq(tasks.id, id));
    await s.tx.execute(sql`
      update record_events set payload = jsonb_set(payload, '{daysOverdue}', to_jsonb(${daysOverdue(task!.deadlineAt, at)}::int))
      where record_kind = 'task' and record_id = ${id} and event = 'list'`);
  }
}

/** The serial of a notice number, 12 in 宜疫指督〔2022〕12号. */
const serialOf = (number: string | null) => Number(/〕(\d+)号/u.exec(number ?? '')?.[1] ?? 0);

/** Report periods whose report falls due after `from` (the task's start) and at or before `to`, earliest first. */
function periodsDue(cadence: Cadence, from: Date, to: Date): Period[] {
  return periodsBetween(cadence, from, null, to).filter((p) => p.dueAt.getTime() <= to.getTime());
}

/** A report made on time for each period: the day before it falls due, or soon after the task came. */
function reportMoment(period: { start: string; dueAt: Date }, assignedAt: Date): Date {
  const dayBefore = period.dueAt.getTime() - 26 * HOUR;
  const start = Date.parse(`${period.start}T09:00:00+08:00`);
  return new Date(Math.max(dayBefore, start, assignedAt.getTime() + 2 * HOUR));
}

// ---------------------------------------------------------------- the story

const WEEKLY_FRIDAY: Cadence = { kind: 'weekly', weekday: 5, dueTime: '17:00' };
const DAILY: Cadence = { kind: 'daily', dueTime: '17:00' };

async function loadStory(tx: Db): Promise<Story> {
  const [clock] = rowsOf<{ now: string }>(await tx.execute(sql`select now()::text as now`));
  const now = new Date(clock!.now);
  const since = new Date(Math.min(now.getTime(), Date.now()) - 60_000);
  const people = await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitName: units.name,
      code: regions.code,
      name: regions.name,
      level: regions.level,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .innerJoin(regions, eq(regions.code, users.scopeRegionCode));
  const allUnits = await tx.select({ id: units.id, name: units.name }).from(units);
  return {
    tx,
    now,
    since,
    people: new Map(
      people.map((p) => [
        p.username,
        {
          id: p.id,
          username: p.username,
          displayName: p.displayName,
          role: p.role,
          unitId: p.unitId,
          unitName: p.unitName,
          scopeRegion: { code: p.code, name: p.name, level: p.level },
        },
      ]),
    ),
    unitIds: new Map(allUnits.map((u) => [u.name, u.id])),
    last: new Map(),
    late: new Set(),
  };
}

/**
 * Loads the demo meetings and tasks into a database that has the demo city and accounts (in the caller's
 * transaction). Returns how many tasks it made.
 */
export async function seedDemoTasks(tx: Db): Promise<number> {
  const s = await loadStory(tx);
  const d = (days: number, time: string) => day(s, days, time);

  const hq = await recordMeeting(s, 'd01-yichang-hq.txt', {
    imported: d(-24, '09:10'),
    reviewed: d(-24, '11:40'),
  });
  const xilingHq = await recordMeeting(
    s,
    'd02-xiling-hq.txt',
    { imported: d(-22, '10:05'), reviewed: d(-22, '10:50') },
    XILING,
  );
  const economy = await recordMeeting(s, 'd03-yichang-economy.txt', {
    imported: d(-19, '14:30'),
    reviewed: d(-19, '15:20'),
  });
  const safety = await recordMeeting(s, 'd04-yichang-safety.txt', {
    imported: d(-14, '15:00'),
    reviewed: d(-14, '16:10'),
  });

  // ---- from the city HQ's 调度会 (day -24)

  // 市公安局 has not signed: overdue, reminded three times, then listed by the leader.
  const checkpoints = await makeTask(s, d(-23, '09:30'), 'staff', {
    title: '落实来返人员“落地检”，加强高速卡口和站点查验',
    description: '会同市交通运输局加强高速卡口、火车站和客运站查验，确保不漏一车一人。',
    category: 'epidemic',
    responsibility: 'functional',
    priority: 'urgent',
    lead: '宜昌市公安局',
    co: ['宜昌市交通运输局'],
    dueInDays: -4,
    from: { meeting: hq, says: '市公安局要会同市交通运输局' },
    acceptance: '每日报送查验车辆、人员数；查验点24小时值守台账',
  });
  await act(s, checkpoints.id, d(-3, '10:00'), 'staff', { type: 'remind', note: '请尽快签收并报送查验情况' });
  await act(s, checkpoints.id, d(-2, '09:30'), 'staff', { type: 'remind', note: '已逾期，请今日内签收' });
  await act(s, checkpoints.id, d(-1, '09:00'), 'leader', {
    type: 'remind',
    note: '逾期未签收，请主要负责同志过问',
  });
  await act(s, checkpoints.id, d(-1, '09:10'), 'leader', {
    type: 'list',
    note: '逾期未签收，挂牌督办',
    supervisorId: person(s, 'leader').id,
  });

  // 市卫健委: progress reported twice, an extension asked and granted before the first deadline.
  const sampling = await makeTask(s, d(-23, '09:40'), 'staff', {
    title: '优化核酸采样点布局，城区新增常态化采样点20个',
    description: '实现城区“15分钟核酸采样圈”。',
    category: 'epidemic',
    responsibility: 'functional',
    priority: 'high',
    lead: '宜昌市卫生健康委员会',
    dueInDays: -3,
    from: { meeting: hq, says: '市卫健委要在11月底前' },
    acceptance: '新增采样点清单（地址、开放时间、采样人员）',
  });
  await act(s, sampling.id, d(-23, '15:20'), 'weijian', { type: 'sign' });
  await act(s, sampling.id, d(-18, '16:00'), 'weijian', {
    type: 'report',
    note: '已完成选址12处，建成投用7处。',
    progress: 35,
    figures: [{ label: '新增采样点', value: 7, unit: '个' }],
  });
  await act(s, sampling.id, d(-10, '16:30'), 'weijian', {
    type: 'report',
    note: '建成投用14处，其余选址正与小区协调。',
    progress: 70,
    figures: [{ label: '新增采样点', value: 14, unit: '个' }],
  });
  await act(s, sampling.id, d(-5, '11:00'), 'weijian', {
    type: 'request_extension',
    dueAt: endOfDay(s, 4),
    note: '3处采样点选址涉及小区业主协商，申请延期7天。',
  });
  await act(s, sampling.id, d(-4, '09:20'), 'staff', {
    type: 'approve_extension',
    note: '同意延期，请按新期限完成',
  });

  // 各县市区: one sub-task per county-level division, the parent consolidated by 市卫健委.
  const isolation = await makeTask(s, d(-23, '10:00'), 'staff', {
    title: '按每万人60间标准储备集中隔离房间',
    description: '各县市区完成储备并报市指挥部办公室备案。',
    category: 'epidemic',
    responsibility: 'territorial',
    priority: 'high',
    lead: '宜昌市卫生健康委员会',
    co: ['宜昌市住房和城乡建设局'],
    dueInDays: 5,
    from: { meeting: hq, says: '每万人60间的标准储备集中隔离房间' },
    splitByCounty: true,
    acceptance: '隔离房间清单（地点、房间数、责任人），消防和燃气检查记录',
  });
  const isolationIn = (code: string) => isolation.subtasks.find((t) => t.regionCode === code)!.id;
  await act(s, isolation.id, d(-22, '10:00'), 'weijian', { type: 'sign' });
  await act(s, isolation.id, d(-22, '14:00'), 'zhujian', { type: 'sign' });
  await act(s, isolation.id, d(-8, '17:00'), 'weijian', {
    type: 'report',
    note: '13个县市区中已有9个报送储备进度，合计储备15420间。',
    progress: 60,
    figures: [{ label: '已储备隔离房间', value: 15_420, unit: '间' }],
  });
  const isolationXiling = isolationIn(XILING);
  await act(s, isolationXiling, d(-22, '09:00'), 'xiling', { type: 'sign' });
  await act(s, isolationXiling, d(-15, '17:30'), 'xiling', {
    type: 'report',
    note: '已签约酒店8家，储备房间2100间。',
    progress: 40,
    figures: [{ label: '已储备隔离房间', value: 2100, unit: '间' }],
  });
  await act(s, isolationXiling, d(-6, '17:10'), 'xiling', {
    type: 'report',
    note: '已储备2850间，按3672间的标准还差822间，正在洽谈公寓2处。',
    progress: 75,
    figures: [{ label: '已储备隔离房间', value: 2850, unit: '间' }],
  });
  const isolationWujiagang = isolationIn('420503000000');
  await act(s, isolationWujiagang, d(-22, '11:00'), 'wujiagang', { type: 'sign' });
  await act(s, isolationWujiagang, d(-12, '16:00'), 'wujiagang', {
    type: 'report',
    note: '已储备房间1200间。',
    progress: 70,
    figures: [{ label: '已储备隔离房间', value: 1200, unit: '间' }],
  });
  await act(s, isolationWujiagang, d(-3, '15:00'), 'wujiagang', {
    type: 'submit',
    note: '已储备1712间（标准1698间），清单已报市指挥部办公室备案。',
    figures: [{ label: '已储备隔离房间', value: 1712, unit: '间' }],
  });
  await act(s, isolationWujiagang, d(-2, '10:00'), 'admin', {
    type: 'complete',
    note: '经核对清单，同意办结',
  });

  // 西陵区 reports its 60+ vaccination survey every Friday; last Friday's report is missing.
  const vaccinationStart = d(-23, '10:30');
  const vaccination = await makeTask(s, vaccinationStart, 'staff', {
    title: '60岁以上人群疫苗接种精准摸底排查（每周五报送）',
    description: '逐户建立台账，做到应接尽接，每周五17:00前报送接种进度。',
    category: 'epidemic',
    responsibility: 'territorial',
    regionCode: XILING,
    lead: '西陵区人民政府',
    cadence: WEEKLY_FRIDAY,
    from: { meeting: hq, says: '各县市区要对60岁以上人群' },
  });
  await act(s, vaccination.id, d(-23, '11:00'), 'xiling', { type: 'sign' });
  const fridays = periodsDue(WEEKLY_FRIDAY, vaccinationStart, s.since);
  const missed = fridays.at(-1)!;
  let covered = 112_400;
  for (const period of fridays.slice(0, -1)) {
    covered += 1_150;
    await act(s, vaccination.id, reportMoment(period, vaccinationStart), 'xiling', {
      type: 'report',
      note: '本周完成入户摸排，新增接种1150人。',
      figures: [
        { label: '60岁以上已接种', value: covered, unit: '人' },
        { label: '全程接种率', value: Math.round((covered / 139_536) * 1000) / 10, unit: '%' },
      ],
    });
  }
  const sinceMissed = s.since.getTime() - missed.dueAt.getTime();
  if (sinceMissed > 30 * 60_000)
    await act(
      s,
      vaccination.id,
      new Date(missed.dueAt.getTime() + Math.min(16 * HOUR, sinceMissed / 2)),
      'staff',
      { type: 'remind', note: '本周接种进度未按时报送，请尽快补报' },
    );

  // 伍家岗区 reports the same survey, every Friday on time.
  const vaccinationWujiagang = await makeTask(s, vaccinationStart, 'staff', {
    title: '60岁以上人群疫苗接种精准摸底排查（每周五报送）',
    description: '逐户建立台账，做到应接尽接，每周五17:00前报送接种进度。',
    category: 'epidemic',
    responsibility: 'territorial',
    regionCode: '420503000000',
    lead: '伍家岗区人民政府',
    cadence: WEEKLY_FRIDAY,
    from: { meeting: hq, says: '各县市区要对60岁以上人群' },
  });
  await act(s, vaccinationWujiagang.id, d(-23, '14:30'), 'wujiagang', { type: 'sign' });
  covered = 51_600;
  for (const period of fridays) {
    covered += 620;
    await act(s, vaccinationWujiagang.id, reportMoment(period, vaccinationStart), 'wujiagang', {
      type: 'report',
      note: '本周完成入户摸排，新增接种620人。',
      figures: [
        { label: '60岁以上已接种', value: covered, unit: '人' },
        { label: '全程接种率', value: Math.round((covered / 62_543) * 1000) / 10, unit: '%' },
      ],
    });
  }

  // 市卫健委 leads with 市商务局: the lead has signed; the co-unit is already reporting.
  const supplies = await makeTask(s, d(-22, '15:00'), 'staff', {
    title: '医疗物资再排查、再储备，满足30天满负荷运转需求',
    category: 'epidemic',
    responsibility: 'functional',
    lead: '宜昌市卫生健康委员会',
    co: ['宜昌市商务局'],
    dueInDays: 8,
    from: { meeting: hq, says: '市卫健委要会同市商务局' },
  });
  await act(s, supplies.id, d(-22, '16:30'), 'weijian', { type: 'sign' });
  await act(s, supplies.id, d(-21, '09:15'), 'shangwu', { type: 'sign' });
  await act(s, supplies.id, d(-12, '17:00'), 'shangwu', {
    type: 'report',
    note: '已排查全市医药流通企业23家库存，N95口罩、防护服可满足25天需求，正在组织补充。',
    progress: 50,
  });

  // 市商务局 reports supply every day by 17:00.
  const supplyStart = d(-8, '09:00');
  const daily = await makeTask(s, supplyStart, 'staff', {
    title: '生活必需品保供稳价日报',
    description: '加强重点商超和农贸市场监测，每日17:00前报送保供情况。',
    category: 'economy',
    responsibility: 'functional',
    lead: '宜昌市商务局',
    cadence: DAILY,
    from: { meeting: hq, says: '市商务局要做好生活必需品保供稳价' },
  });
  await act(s, daily.id, d(-8, '09:30'), 'shangwu', { type: 'sign' });
  const reportDays = [-8, -7, -6, -5, -4, -3, -2, -1];
  // Today's report is in once the afternoon is nearly over, so the task looks the same whatever the hour.
  if (s.since.getTime() > d(0, '16:30').getTime()) reportDays.push(0);
  for (const [i, n] of reportDays.entries())
    await act(s, daily.id, d(n, '16:00'), 'shangwu', {
      type: 'report',
      note: '重点商超、农贸市场供应正常，价格平稳。',
      figures: [
        { label: '蔬菜日上市量', value: 1_860 + ((i * 37) % 120), unit: '吨' },
        { label: '猪肉日投放量', value: 212 + ((i * 13) % 30), unit: '吨' },
      ],
    });

  // 市住建局 has signed and not yet reported.
  const sites = await makeTask(s, d(-22, '15:10'), 'staff', {
    title: '督促在建工地落实闭环管理和防疫措施',
    description: '确保项目不停工、疫情不扩散。',
    category: 'epidemic',
    responsibility: 'functional',
    lead: '宜昌市住房和城乡建设局',
    dueInDays: 10,
    from: { meeting: hq, says: '市住建局要督促在建工地' },
  });
  await act(s, sites.id, d(-21, '10:30'), 'zhujian', { type: 'sign' });

  // 市应急局: well on, the deadline close, an extension asked and waiting for the office.
  const inspection = await makeTask(s, d(-23, '10:20'), 'staff', {
    title: '冬季安全生产大检查（第一轮排查）',
    description: '聚焦危化品、矿山、建筑施工、道路交通和消防等重点领域，隐患逐一整改销号。',
    category: 'safety',
    responsibility: 'functional',
    priority: 'high',
    lead: '宜昌市应急管理局',
    co: ['宜昌市住房和城乡建设局'],
    dueInDays: 2,
    from: { meeting: hq, says: '市应急局要牵头开展冬季安全生产大检查' },
  });
  await act(s, inspection.id, d(-23, '14:00'), 'yingji', { type: 'sign' });
  await act(s, inspection.id, d(-22, '09:40'), 'zhujian', { type: 'sign' });
  await act(s, inspection.id, d(-15, '17:00'), 'yingji', {
    type: 'report',
    note: '已检查企业186家，发现隐患312处，已整改201处。',
    progress: 45,
    figures: [
      { label: '检查企业', value: 186, unit: '家' },
      { label: '发现隐患', value: 312, unit: '处' },
    ],
  });
  await act(s, inspection.id, d(-10, '16:00'), 'zhujian', {
    type: 'report',
    note: '建筑施工领域检查在建项目96个，整改隐患57处。',
    progress: 60,
  });
  await act(s, inspection.id, d(-6, '17:20'), 'yingji', {
    type: 'report',
    note: '已检查企业402家，隐患整改率81%。',
    progress: 80,
    figures: [{ label: '检查企业', value: 402, unit: '家' }],
  });
  await act(s, inspection.id, d(-1, '15:00'), 'yingji', {
    type: 'request_extension',
    dueAt: endOfDay(s, 9),
    note: '危化品企业重大隐患复查需第三方检测报告，申请延期7天。',
  });

  // Given to the wrong unit: 市应急局 declines it, and it waits for the office to reassign it.
  const patrol = await makeTask(s, d(-2, '10:00'), 'staff', {
    title: '加强社会面巡逻防控，妥善处置涉疫矛盾纠纷',
    category: 'governance',
    responsibility: 'functional',
    lead: '宜昌市应急管理局',
    dueInDays: 6,
    from: { meeting: hq, says: '市公安局要加强社会面巡逻防控' },
  });
  await act(s, patrol.id, d(-1, '11:30'), 'yingji', {
    type: 'decline',
    note: '社会面巡逻防控属公安机关职责，建议改派市公安局。',
  });

  // ---- from 西陵区's own meeting (day -22)

  // Submitted, then returned by the office for missing lists.
  const hotels = await makeTask(s, d(-22, '15:30'), 'staff', {
    title: '排查可用酒店和公寓，储备隔离房间3700间并逐一明确责任人',
    category: 'epidemic',
    responsibility: 'territorial',
    regionCode: XILING,
    lead: '西陵区人民政府',
    co: ['宜昌市卫生健康委员会'],
    dueInDays: 3,
    from: { meeting: xilingHq, says: '区卫健局要会同各街道' },
  });
  await act(s, hotels.id, d(-21, '09:00'), 'xiling', { type: 'sign' });
  await act(s, hotels.id, d(-21, '10:00'), 'weijian', { type: 'sign' });
  await act(s, hotels.id, d(-14, '17:00'), 'xiling', {
    type: 'report',
    note: '已排查酒店31家、公寓6处，可用房间3120间。',
    progress: 60,
  });
  await act(s, hotels.id, d(-6, '16:40'), 'xiling', {
    type: 'submit',
    note: '已储备隔离房间3712间。',
    figures: [{ label: '已储备隔离房间', value: 3712, unit: '间' }],
  });
  await act(s, hotels.id, d(-5, '10:15'), 'staff', {
    type: 'return',
    note: '缺少逐间责任人清单和消防检查记录，请补充后重新报送。',
  });

  // Overdue, reminded, listed by the leader; the district keeps reporting.
  const selfBuilt = await makeTask(s, d(-22, '15:40'), 'staff', {
    title: '经营性自建房安全隐患排查整治',
    description: '完成辖区经营性自建房排查，对存在隐患的逐一整改销号。',
    category: 'safety',
    responsibility: 'territorial',
    priority: 'high',
    regionCode: XILING,
    lead: '西陵区人民政府',
    dueInDays: -6,
    from: { meeting: xilingHq, says: '区住建局要会同各街道' },
    acceptance: '排查台账（逐栋）、隐患整改销号清单',
  });
  await act(s, selfBuilt.id, d(-21, '09:30'), 'xiling', { type: 'sign' });
  await act(s, selfBuilt.id, d(-15, '17:00'), 'xiling', {
    type: 'report',
    note: '已排查经营性自建房186栋，发现隐患9处。',
    progress: 30,
  });
  await act(s, selfBuilt.id, d(-9, '17:00'), 'xiling', {
    type: 'report',
    note: '已排查305栋，发现隐患17处，已整改8处。',
    progress: 55,
  });
  await act(s, selfBuilt.id, d(-5, '09:00'), 'staff', { type: 'remind', note: '已逾期，请加快排查进度' });
  await act(s, selfBuilt.id, d(-4, '09:00'), 'staff', { type: 'remind', note: '请说明逾期原因和完成时间' });
  await act(s, selfBuilt.id, d(-2, '10:00'), 'leader', {
    type: 'list',
    note: '逾期4天仍未完成，挂牌督办',
    supervisorId: person(s, 'leader').id,
  });
  await act(s, selfBuilt.id, d(-1, '17:30'), 'xiling', {
    type: 'report',
    note: '已排查412栋，发现隐患23处，已整改15处，其余8处已停用并落实专人盯守。',
    progress: 70,
  });

  // Done on time.
  const samplingPatrol = await makeTask(s, d(-22, '15:50'), 'staff', {
    title: '全区核酸采样点巡查',
    description: '确保采样点人员、物资、秩序规范到位。',
    category: 'epidemic',
    responsibility: 'territorial',
    regionCode: XILING,
    lead: '西陵区人民政府',
    dueInDays: -10,
    from: { meeting: xilingHq, says: '区卫健局要对全区采样点开展巡查' },
  });
  await act(s, samplingPatrol.id, d(-21, '09:40'), 'xiling', { type: 'sign' });
  await act(s, samplingPatrol.id, d(-18, '17:00'), 'xiling', {
    type: 'report',
    note: '已巡查采样点42个，整改问题11个。',
    progress: 60,
  });
  await act(s, samplingPatrol.id, d(-13, '16:00'), 'xiling', {
    type: 'submit',
    note: '全区68个采样点巡查完毕，问题已全部整改。',
  });
  await act(s, samplingPatrol.id, d(-12, '09:30'), 'staff', { type: 'complete' });

  // ---- from the economy 调度会 (day -19)

  const projects = await makeTask(s, d(-19, '16:00'), 'staff', {
    title: '重点项目周调度（每周五下午报送）',
    category: 'economy',
    responsibility: 'functional',
    lead: '宜昌市发展和改革委员会',
    cadence: WEEKLY_FRIDAY,
    from: { meeting: economy, says: '市发改委要牵头建立重点项目周调度机制' },
  });
  await act(s, projects.id, d(-17, '10:00'), 'admin', {
    type: 'cancel',
    note: '已由市重点项目建设专班统一调度，不再单独交办。',
  });

  await makeTask(s, d(-18, '09:30'), 'staff', {
    title: '推动一批新签约项目集中开工',
    category: 'economy',
    responsibility: 'territorial',
    lead: '宜昌市发展和改革委员会',
    dueInDays: 14,
    draft: true,
    from: { meeting: economy, says: '各县市区要对照年度目标' },
  });

  // Declined by the wrong unit and reassigned to the right one, which has not signed yet.
  const visits = await makeTask(s, d(-19, '16:10'), 'staff', {
    title: '开展“企业服务月”活动，逐一走访规上工业企业',
    description: '帮助解决用工、物流和资金等堵点难点。',
    category: 'economy',
    responsibility: 'functional',
    lead: '宜昌市商务局',
    dueInDays: 9,
    from: { meeting: economy, says: '市经信局要组织开展' },
  });
  await act(s, visits.id, d(-18, '10:00'), 'shangwu', {
    type: 'decline',
    note: '规上工业企业走访属市经信局职责，建议改派。',
  });
  await act(s, visits.id, d(-17, '09:00'), 'staff', {
    type: 'reassign',
    unitId: unitId(s, '宜昌市经济和信息化局'),
    note: '改派市经信局牵头',
  });

  // Submitted on time; the office has not decided yet.
  const winter = await makeTask(s, d(-19, '16:20'), 'staff', {
    title: '抓好冬春季市场保供，确保生活必需品货源充足、价格稳定',
    category: 'economy',
    responsibility: 'functional',
    lead: '宜昌市商务局',
    dueInDays: 1,
    from: { meeting: economy, says: '市商务局要抓好冬春季市场保供' },
  });
  await act(s, winter.id, d(-18, '11:00'), 'shangwu', { type: 'sign' });
  await act(s, winter.id, d(-10, '17:00'), 'shangwu', {
    type: 'report',
    note: '已落实政府储备猪肉800吨、冬春蔬菜储备1.2万吨。',
    progress: 60,
  });
  await act(s, winter.id, d(-1, '16:00'), 'shangwu', {
    type: 'submit',
    note: '储备已全部落实，重点商超备货可满足15天需求。',
  });

  // Overdue by two days, reminded once.
  const construction = await makeTask(s, d(-19, '16:30'), 'staff', {
    title: '加强建筑施工安全监管，严防高处坠落、起重伤害等事故',
    category: 'safety',
    responsibility: 'functional',
    lead: '宜昌市住房和城乡建设局',
    dueInDays: -2,
    from: { meeting: economy, says: '市住建局要加强建筑施工安全监管' },
  });
  await act(s, construction.id, d(-18, '14:00'), 'zhujian', { type: 'sign' });
  await act(s, construction.id, d(-9, '17:00'), 'zhujian', {
    type: 'report',
    note: '已检查在建工地128个，责令整改41处。',
    progress: 50,
  });
  await act(s, construction.id, d(-1, '10:00'), 'staff', {
    type: 'remind',
    note: '已逾期，请尽快报送检查结果',
  });

  // ---- from the safety video conference (day -14)

  // Done on time, with a district as co-unit.
  const danger = await makeTask(s, d(-14, '16:30'), 'staff', {
    title: '经营性自建房“回头看”，D级危房全部停用并整改销号',
    category: 'safety',
    responsibility: 'functional',
    priority: 'high',
    lead: '宜昌市住房和城乡建设局',
    co: ['西陵区人民政府'],
    dueInDays: -3,
    from: { meeting: safety, says: '市住建局要会同各县市区' },
  });
  await act(s, danger.id, d(-13, '09:00'), 'zhujian', { type: 'sign' });
  await act(s, danger.id, d(-13, '10:00'), 'xiling', { type: 'sign' });
  await act(s, danger.id, d(-8, '16:00'), 'xiling', {
    type: 'report',
    note: '西陵区D级危房18栋已全部停用，整改销号11栋。',
    progress: 80,
  });
  await act(s, danger.id, d(-5, '17:00'), 'zhujian', {
    type: 'submit',
    note: '全市D级危房127栋已全部停用，整改销号127栋。',
    figures: [{ label: 'D级危房整改销号', value: 127, unit: '栋' }],
  });
  await act(s, danger.id, d(-4, '10:00'), 'admin', { type: 'complete', note: '同意办结' });

  await makeTask(s, d(-13, '11:00'), 'staff', {
    title: '城镇燃气用户和餐饮场所安全全覆盖检查',
    category: 'safety',
    responsibility: 'functional',
    lead: '宜昌市住房和城乡建设局',
    dueInDays: 20,
    draft: true,
    from: { meeting: safety, says: '市住建局要牵头对城镇燃气用户' },
  });

  // 市应急局 reports every Friday, on time.
  const hazardsStart = d(-13, '10:00');
  const hazards = await makeTask(s, hazardsStart, 'staff', {
    title: '重点企业隐患整改周调度（每周五报送）',
    category: 'safety',
    responsibility: 'functional',
    lead: '宜昌市应急管理局',
    cadence: WEEKLY_FRIDAY,
    from: { meeting: safety, says: '市应急局要每周调度' },
  });
  await act(s, hazards.id, d(-13, '11:00'), 'yingji', { type: 'sign' });
  let fixed = 46;
  for (const period of periodsDue(WEEKLY_FRIDAY, hazardsStart, s.since)) {
    fixed += 19;
    await act(s, hazards.id, reportMoment(period, hazardsStart), 'yingji', {
      type: 'report',
      note: '本周调度重点企业58家，重大隐患均落实挂牌督办。',
      figures: [{ label: '累计整改隐患', value: fixed, unit: '处' }],
    });
  }

  await makeTask(s, d(-13, '11:30'), 'staff', {
    title: '加强冬季道路交通秩序整治，严查超速超载和酒驾醉驾',
    category: 'safety',
    responsibility: 'functional',
    lead: '宜昌市公安局',
    dueInDays: 12,
    from: { meeting: safety, says: '市公安局要加强冬季道路交通秩序整治' },
  });

  // ---- given by the office directly, without a meeting

  // Returned once, completed after the second submission.
  const fever = await makeTask(s, d(-21, '10:00'), 'admin', {
    title: '全市发热门诊运行情况专项检查',
    category: 'epidemic',
    responsibility: 'functional',
    lead: '宜昌市卫生健康委员会',
    dueInDays: -7,
  });
  await act(s, fever.id, d(-21, '14:00'), 'weijian', { type: 'sign' });
  await act(s, fever.id, d(-12, '16:00'), 'weijian', {
    type: 'submit',
    note: '已检查城区发热门诊23个。',
  });
  await act(s, fever.id, d(-11, '09:30'), 'staff', {
    type: 'return',
    note: '缺少县级医院发热门诊数据，请补充。',
  });
  await act(s, fever.id, d(-10, '16:00'), 'weijian', {
    type: 'report',
    note: '补充县级医院发热门诊检查情况。',
    progress: 90,
  });
  await act(s, fever.id, d(-9, '11:00'), 'weijian', {
    type: 'submit',
    note: '全市发热门诊41个已全部检查，问题已整改。',
  });
  await act(s, fever.id, d(-8, '09:00'), 'admin', { type: 'complete' });

  // Completed, but submitted two days after its deadline.
  const chemicals = await makeTask(s, d(-13, '14:00'), 'admin', {
    title: '危化品企业冬季安全专项检查',
    category: 'safety',
    responsibility: 'functional',
    lead: '宜昌市应急管理局',
    dueInDays: -9,
  });
  await act(s, chemicals.id, d(-13, '16:00'), 'yingji', { type: 'sign' });
  await act(s, chemicals.id, d(-10, '17:00'), 'yingji', {
    type: 'report',
    note: '已检查危化品企业37家。',
    progress: 60,
  });
  await act(s, chemicals.id, d(-7, '11:00'), 'yingji', {
    type: 'submit',
    note: '全市危化品企业52家已全部检查。',
  });
  await act(s, chemicals.id, d(-6, '10:00'), 'staff', { type: 'complete', note: '逾期2天完成' });
  s.late.add(chemicals.id);

  const markets = await makeTask(s, d(-16, '09:00'), 'staff', {
    title: '全市农贸市场疫情防控专项检查',
    category: 'epidemic',
    responsibility: 'functional',
    lead: '宜昌市商务局',
    co: ['宜昌市市场监督管理局'],
    dueInDays: -5,
  });
  await act(s, markets.id, d(-16, '10:30'), 'shangwu', { type: 'sign' });
  await act(s, markets.id, d(-11, '17:00'), 'shangwu', {
    type: 'report',
    note: '已检查农贸市场48个。',
    progress: 70,
  });
  await act(s, markets.id, d(-6, '16:00'), 'shangwu', {
    type: 'submit',
    note: '全市农贸市场63个已全部检查，扫码测温、消杀落实到位。',
  });
  await act(s, markets.id, d(-5, '09:30'), 'staff', { type: 'complete' });

  // The service marks a task late when a step comes after its deadline by the seed's clock; by the story's clock
  // only the listed tasks and the ones submitted late were.
  await tx
    .update(tasks)
    .set({ wasLate: sql`${tasks.listed} or ${tasks.id} in (${idList([0, ...s.late])})` })
    .where(sql`true`);
  // 督办通知书 numbers were given in the order the story's steps ran; they belong in the order of the listings.
  const listed = await tx
    .select({ id: tasks.id, noticeNumber: tasks.noticeNumber })
    .from(tasks)
    .where(eq(tasks.listed, true))
    .orderBy(tasks.listedAt, tasks.id);
  const numbers = listed.map((t) => t.noticeNumber).sort((a, b) => serialOf(a) - serialOf(b));
  for (const [i, task] of listed.entries()) {
    await tx.update(tasks).set({ noticeNumber: numbers[i] }).where(eq(tasks.id, task.id));
    await tx.execute(sql`
      update record_events set payload = jsonb_set(payload, '{noticeNumber}', to_jsonb(${numbers[i]}::text))
      where record_kind = 'task' and record_id = ${task.id} and event = 'list'`);
  }
  // A notification was read when its reader next acted on that task; the ones no step followed are still unread.
  await tx.execute(sql`
    update notifications n set read_at = (
      select min(e.at) from record_events e
      where e.record_kind = 'task' and e.record_id = n.record_id and e.actor_id = n.user_id and e.at > n.created_at)
    where n.record_kind = 'task' and n.read_at is null`);
  const [made] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from tasks`));
  // Every event and notification of the story is dated before the seed ran: a step left at "now" would show here.
  const since = s.since.toISOString();
  const [stray] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      select (select count(*) from record_events where record_kind = 'task' and at >= ${since}::timestamptz)
           + (select count(*) from notifications where created_at >= ${since}::timestamptz) as n`),
  );
  if (Number(stray?.n ?? 0) > 0)
    throw new Error('demo tasks: some task events or notifications were not re-dated');
  return Number(made?.n ?? 0);
}
