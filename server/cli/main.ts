// The `tongchou` command line: thin wrappers over the services, for administrators on the server itself.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { eq, isNull } from 'drizzle-orm';
import type { MeetingParse } from '../../shared/contracts/meetings.ts';
import { userCreateSchema } from '../../shared/contracts/users.ts';
import { readConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from '../db/seed/demo.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { normaliseRegionCode } from '../modules/auth/scope.ts';
import { DOCX_CONTENT_TYPE } from '../modules/meetings/meeting-report.read.ts';
import { directiveCategoryLabels, meetingKindLabels } from '../modules/meetings/meetings.labels.ts';
import { importMeeting, parseReport } from '../modules/meetings/meetings.service.ts';
import { importGridsFromFile } from '../modules/regions/regions.import.ts';
import { regions } from '../modules/regions/regions.table.ts';
import { taskStatusLabels } from '../modules/tasks/tasks.machine.ts';
import { type OverdueTask, overdueTasks } from '../modules/tasks/tasks.service.ts';
import { units } from '../modules/units/units.table.ts';
import { createUser } from '../modules/users/users.service.ts';

const usage = `用法 Usage: tongchou <command> [options]

  db migrate                       apply database migrations
  seed demo                        load 宜昌市 demo data (regions, grids, units, demo accounts, meetings, tasks)
                                   into an empty database
  seed regions                     load only the official division tree and the HQ's units (for a real deployment)
  user create --username U --name 姓名 --role ROLE --unit 单位名称或ID --scope 区划代码
              [--password P] [--phone 138…] [--id-number 4205…]
                                   create an account (a strong password is generated and printed when omitted)
  grids import <file.xlsx|file.csv> import grids (columns 所属社区代码, 网格名称, 网格代码, 常住人口, 60岁以上人口)
  meeting parse <file.txt|file.docx> [--json] [--published-at 2022-05-10]
                                   read a meeting report: date, title, people, directives, unreadable spans
                                   (prints; stores nothing and needs no database)
  meeting import <file.txt|file.docx> [--published-at 2022-05-10]
                                   store a report as a draft meeting with its proposed directives
  tasks overdue [--json] [--region 区划代码]
                                   list the open tasks past their deadline (or missing a period's report),
                                   most overdue first, in the city or under one region; --json prints an array

Roles: hq_admin hq_staff leader unit_liaison inspector grid_worker
The database is DATABASE_URL, or PGlite in TONGCHOU_DATA_DIR (default ./data), as for npm start.
PGlite has one process at a time: while a server runs on the data dir, commands that open the database
refuse, reads too (stop the server, or use the web UI); meeting parse always works.`;

/** The CLI acts as the city-wide administrator; the audit log records it as "cli". */
async function cliActor(database: Database): Promise<Actor> {
  const [city] = await database.db.select().from(regions).where(isNull(regions.parentCode));
  if (!city)
    throw new AppError('VALIDATION', '数据库中还没有区域数据，请先运行 tongchou seed regions 或 seed demo');
  return {
    id: 0,
    username: 'cli',
    displayName: '命令行',
    role: 'hq_admin',
    unitId: 0,
    unitName: '命令行',
    scopeRegion: { code: city.code, name: city.name, level: city.level },
  };
}

async function resolveUnitId(database: Database, unit: string): Promise<number> {
  if (/^\d+$/.test(unit)) return Number(unit);
  const found = await database.db.select({ id: units.id }).from(units).where(eq(units.name, unit));
  if (found.length === 0) throw new AppError('VALIDATION', `没有名为“${unit}”的单位`);
  if (found.length > 1) throw new AppError('VALIDATION', `有多个名为“${unit}”的单位，请用单位ID`);
  return found[0]!.id;
}

const commands = new Set([
  'db migrate',
  'seed demo',
  'seed regions',
  'user create',
  'grids import',
  'meeting parse',
  'meeting import',
  'tasks overdue',
]);

/** `meeting parse|import <file> [--json] [--published-at YYYY-MM-DD]`, checked before any work. */
function parseMeetingArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'published-at': { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || !fs.existsSync(file)) {
    console.error(`找不到文件 file not found: ${file ?? ''}`);
    return { ok: false as const };
  }
  const publishedAt = values['published-at'];
  if (publishedAt !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(publishedAt)) {
    console.error(`  --published-at: 日期格式应为 2022-05-10 / expected YYYY-MM-DD`);
    return { ok: false as const };
  }
  return { ok: true as const, file, json: values.json ?? false, publishedAt };
}

const contentTypeOf = (file: string) =>
  file.toLowerCase().endsWith('.docx') ? DOCX_CONTENT_TYPE : undefined;

/** Parses a report file and prints it; the database is never opened. */
async function printMeetingParse(
  file: string,
  json: boolean,
  publishedAt: string | undefined,
): Promise<number> {
  let parse: MeetingParse;
  try {
    parse = await parseReport({ file: fs.readFileSync(file), contentType: contentTypeOf(file) }, publishedAt);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(`无法读取会议报道 cannot read the report: ${err.message}`);
    return 1;
  }
  const names = (people: { name: string }[]) => people.map((p) => p.name);
  if (json) {
    const out = {
      text: parse.text,
      meeting: {
        date: parse.meeting.date,
        title: parse.meeting.title,
        chair: names(parse.meeting.chair),
        speakers: names(parse.meeting.speakers),
        attendees: names(parse.meeting.attendees),
      },
      directives: parse.directives.map((d) => ({
        text: d.text,
        category: d.category,
        units: d.units,
        regions: d.regions,
        numbers: d.numbers,
        deadline: d.deadline,
      })),
      unreadable: parse.unreadable.map((u) => ({
        start: u.start,
        end: u.end,
        raw: u.raw,
        ...(u.suggestion === undefined ? {} : { suggestion: u.suggestion }),
      })),
      warnings: parse.warnings,
    };
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  const { meeting } = parse;
  const date = meeting.date?.startsWith('--')
    ? `${meeting.date.slice(2)}（年份不明，可用 --published-at 指定发布日期）`
    : (meeting.date ?? '未识别');
  const list = (people: { name: string }[]) => names(people).join('、') || '—';
  const lines = [
    `会议：${meeting.title ?? '未识别'}`,
    `日期：${date}`,
    `类型：${meeting.kind ? meetingKindLabels[meeting.kind] : '未识别'}`,
    `主持：${list(meeting.chair)}`,
    `讲话：${list(meeting.speakers)}`,
    `出席：${list(meeting.attendees)}`,
    `部署要求（${parse.directives.length} 条）：`,
    ...parse.directives.map(
      (d, i) =>
        `  ${i + 1}. [${directiveCategoryLabels[d.category]}] ${d.text}${d.deadline ? `（时限：${d.deadline}）` : ''}`,
    ),
  ];
  if (parse.unreadable.length) {
    lines.push(`乱码（${parse.unreadable.length} 处）：`);
    for (const u of parse.unreadable)
      lines.push(
        `  第 ${u.start} 字起 “${u.raw}”${u.suggestion ? ` → 建议 “${u.suggestion}”` : '，无法恢复'}`,
      );
  }
  for (const w of parse.warnings) lines.push(`提示：${w}`);
  console.log(lines.join('\n'));
  return 0;
}

/** `tasks overdue [--json] [--region CODE]`, checked before the database is opened. */
function parseOverdueArgs(args: string[]) {
  let values: { json?: boolean; region?: string };
  try {
    ({ values } = parseArgs({ args, options: { json: { type: 'boolean' }, region: { type: 'string' } } }));
  } catch (err) {
    console.error(`  ${(err as Error).message}`);
    return { ok: false as const };
  }
  const region = values.region === undefined ? undefined : normaliseRegionCode(values.region.trim());
  if (region !== undefined && !/^\d{12}(\d{3})?$/.test(region)) {
    console.error(`  --region: 区划代码应为数字，例如 420502 或 420502000000 / expected a division code`);
    return { ok: false as const };
  }
  return { ok: true as const, json: values.json ?? false, region };
}

/** Characters a terminal shows two columns wide: Chinese, full-width punctuation. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const displayWidth = (text: string) => [...text].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : 1), 0);
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

const beijingMinute = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The overdue list as a table to read in a terminal, most overdue first. */
function overdueTable(list: OverdueTask[], where: string): string {
  if (!list.length) return `${where}没有逾期任务。`;
  const header = ['任务', '逾期', '状态', '区域', '牵头单位', '期限（北京时间）', '挂牌', '催办', '标题'];
  const rows = list.map((t) => [
    String(t.id),
    `${t.daysOverdue}天`,
    taskStatusLabels[t.status],
    t.regionName,
    t.leadUnit.name,
    beijingMinute(t.deadlineAt),
    t.listed ? '挂牌' : '',
    t.reminders ? `${t.reminders}次` : '',
    t.title,
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  const listed = list.filter((t) => t.listed).length;
  return [
    `${where}逾期任务 ${list.length} 项${listed ? `（其中挂牌督办 ${listed} 项）` : ''}：`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

/** Parses and checks `user create` options; the unit is resolved later, against the database. */
function parseUserArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      scope: { type: 'string' },
      password: { type: 'string' },
      phone: { type: 'string' },
      'id-number': { type: 'string' },
    },
  });
  const input = {
    username: values.username,
    displayName: values.name,
    password: values.password ?? `Tc#${randomBytes(9).toString('base64url')}7a`,
    role: values.role,
    scopeRegionCode: values.scope ? normaliseRegionCode(values.scope) : undefined,
    phone: values.phone,
    idNumber: values['id-number'],
  };
  const problems = userCreateSchema.omit({ unitId: true }).safeParse(input).error?.issues ?? [];
  if (!values.unit)
    problems.push({
      code: 'custom',
      path: ['unit'],
      message: '请用 --unit 指定所属单位（名称或ID）',
      input: undefined,
    });
  for (const issue of problems) console.error(`  --${String(issue.path[0] ?? '')}: ${issue.message}`);
  if (problems.length) return { ok: false as const };
  return { ok: true as const, unit: values.unit!, input, passwordGiven: values.password !== undefined };
}

async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return 0;
  }
  const key = `${command} ${sub ?? ''}`.trim();
  if (!commands.has(key)) {
    console.error(`未知命令 unknown command: ${key}\n\n${usage}`);
    return 2;
  }
  // Check what can be checked before opening the database, so a typo answers at once.
  let userArgs: ReturnType<typeof parseUserArgs> | undefined;
  if (key === 'user create') {
    userArgs = parseUserArgs(rest);
    if (!userArgs.ok) return 2;
  }
  let meetingArgs: ReturnType<typeof parseMeetingArgs> | undefined;
  if (key === 'meeting parse' || key === 'meeting import') {
    meetingArgs = parseMeetingArgs(rest);
    if (!meetingArgs.ok) return 2;
    if (key === 'meeting parse')
      return printMeetingParse(meetingArgs.file, meetingArgs.json, meetingArgs.publishedAt);
  }
  let overdueArgs: ReturnType<typeof parseOverdueArgs> | undefined;
  if (key === 'tasks overdue') {
    overdueArgs = parseOverdueArgs(rest);
    if (!overdueArgs.ok) return 2;
  }
  if (key === 'grids import' && (!rest[0] || !fs.existsSync(rest[0]))) {
    console.error(`找不到文件 file not found: ${rest[0] ?? ''}`);
    return 2;
  }
  const config = readConfig();
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.TONGCHOU_DATA_DIR,
      purpose: `tongchou ${key}`,
    });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(err.message);
    console.error(
      key === 'tasks overdue'
        ? // PGlite cannot be opened by a second process even to read: the running server answers instead.
          `tongchou ${key} 也需要独占数据目录：请在网页界面的任务列表中按红灯筛选（或 GET /api/tasks?light=red），或先停止上面的进程。\n` +
            `tongchou ${key} needs the data directory to itself too: use the web UI's task list filtered by red (or GET /api/tasks?light=red), or stop that process first.`
        : `tongchou ${key} 需要独占数据目录：请先停止上面的进程再运行，或在网页界面/API 中完成这项操作。\n` +
            `tongchou ${key} needs the data directory to itself: stop that process and run it again, or do this in the web UI/API.`,
    );
    return 1;
  }
  // Ctrl-C or kill: exit through process.exit so the data dir lock is removed (the 'exit' handler).
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  try {
    await database.migrate();
    switch (key) {
      case 'db migrate':
        console.log(`数据库已是最新 (migrations applied, ${database.kind})`);
        return 0;
      case 'seed demo':
      case 'seed regions': {
        if (!(await isDatabaseEmpty(database.db))) {
          console.error('数据库已有数据，未重复载入 (database is not empty; nothing loaded)');
          return 1;
        }
        const demo = key === 'seed demo';
        const logins = await seedDemo(database.db, { grids: demo, accounts: demo });
        console.log(
          demo
            ? `已载入宜昌市演示数据。演示账号（密码 ${DEMO_PASSWORD}）：`
            : '已载入宜昌市区划和指挥部单位。',
        );
        for (const l of logins) console.log(`  ${l.username.padEnd(10)} ${l.role.padEnd(13)} ${l.note}`);
        return 0;
      }
      case 'user create': {
        if (!userArgs?.ok) return 2;
        const { unit, input } = userArgs;
        const parsed = userCreateSchema.safeParse({ ...input, unitId: await resolveUnitId(database, unit) });
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            console.error(`  --${String(issue.path[0] ?? '')}: ${issue.message}`);
          return 2;
        }
        const user = await createUser(database.db, await cliActor(database), parsed.data);
        console.log(
          `已创建账号 ${user.username}（${user.displayName}，${user.role}，${user.unit.name}，${user.scopeRegion.name}）`,
        );
        if (!userArgs.passwordGiven) console.log(`初始密码 Initial password: ${input.password}`);
        return 0;
      }
      case 'grids import': {
        const file = rest[0]!;
        const result = await importGridsFromFile(
          database.db,
          await cliActor(database),
          fs.readFileSync(file),
          file.endsWith('.csv') ? 'text/csv' : undefined,
        );
        console.log(`已导入 ${result.created} 个网格`);
        return 0;
      }
      case 'meeting import': {
        if (!meetingArgs?.ok) return 2;
        const { meeting, warnings } = await importMeeting(
          database.db,
          await cliActor(database),
          { file: fs.readFileSync(meetingArgs.file), contentType: contentTypeOf(meetingArgs.file) },
          { publishedAt: meetingArgs.publishedAt },
        );
        console.log(
          `已导入会议 ${meeting.id}：${meeting.title}（${meeting.dateText ?? '日期未识别'}），${meeting.directives.length} 条待审核要求`,
        );
        console.log(`meeting id ${meeting.id}, ${meeting.directives.length} directives`);
        for (const w of warnings) console.log(`提示：${w}`);
        return 0;
      }
      case 'tasks overdue': {
        if (!overdueArgs?.ok) return 2;
        const actor = await cliActor(database);
        if (overdueArgs.region) {
          const [region] = await database.db
            .select({ code: regions.code, name: regions.name, level: regions.level })
            .from(regions)
            .where(eq(regions.code, overdueArgs.region));
          if (!region) {
            console.error(`错误：区域 ${overdueArgs.region} 不存在 (no such region)`);
            return 1;
          }
          // The region's subtree is what the scope filter gives an actor whose scope is that region.
          actor.scopeRegion = region;
        }
        const list = await overdueTasks(database.db, actor);
        console.log(
          overdueArgs.json
            ? JSON.stringify(list, null, 2)
            : overdueTable(list, overdueArgs.region ? actor.scopeRegion.name : ''),
        );
        return 0;
      }
      default:
        return 2;
    }
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`错误 ${err.code}: ${err.message}`);
      for (const d of err.details.slice(0, 50))
        console.error(`  ${d.row ? `第${d.row}行 ` : ''}${d.field ?? ''} ${d.message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
