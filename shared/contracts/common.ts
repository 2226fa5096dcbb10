// Shapes every API shares: errors, pagination and the roles and levels the whole product speaks of.
import { z } from 'zod';

export const roleValues = [
  'hq_admin',
  'hq_staff',
  'leader',
  'unit_liaison',
  'inspector',
  'grid_worker',
] as const;
export const roleSchema = z.enum(roleValues);
export type Role = z.infer<typeof roleSchema>;

export const regionLevelValues = ['city', 'county', 'township', 'community', 'grid'] as const;
export const regionLevelSchema = z.enum(regionLevelValues);
export type RegionLevel = z.infer<typeof regionLevelSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(
      z.object({ field: z.string().optional(), row: z.number().optional(), message: z.string() }),
    ),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The largest value PostgreSQL's `integer` (and so every `serial` id) holds; past it the database errors. */
export const PG_INTEGER_MAX = 2_147_483_647;

/** A record id in a JSON body: a positive integer that an `integer` column can hold. */
export const idSchema = z
  .number({ error: '编号应为数字' })
  .int('编号应为整数')
  .min(1, '编号应为正整数')
  .max(PG_INTEGER_MAX, `编号不能大于 ${PG_INTEGER_MAX}`);

/** A record id in a query string (`?unitId=12`), same range as in a body. */
export const idQuerySchema = z.coerce.number({ error: '编号应为数字' }).pipe(idSchema);

/**
 * A record id in the address (`/units/:id`). An id no record can have (0, -1, 99999999999) names nothing, so it
 * is answered like any id that is not there: the error handler turns this issue into a 404.
 */
export const idParamSchema = z.coerce.number({ error: '编号应为数字' }).superRefine((id, ctx) => {
  if (!Number.isInteger(id) || id < 1 || id > PG_INTEGER_MAX)
    ctx.addIssue({ code: 'custom', message: '没有这条记录', params: { notFound: true } });
});

export const idParamsSchema = z.object({ id: idParamSchema });

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const okSchema = z.object({ ok: z.literal(true) });

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date where the HQ sits, as 2022-05-10: Beijing keeps UTC+8 all year (no daylight saving). */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether year-month-day is a day the calendar has (2022-02-29 is not). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Characters that change how text reads without being seen: bidirectional overrides and isolates (U+202A–202E,
 * U+2066–2069, marks U+200E/200F/061C), zero-width spaces and joiners (U+200B–200D, U+2060–2064, U+FEFF, U+180E),
 * the soft hyphen, and control characters other than tab and line breaks. 财政局\u202E局政 would show as another
 * name in one place than in the next, and pasted text from chat apps carries U+200B and U+FEFF invisibly.
 */
const invisibleCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this is for.
  /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\u2060-\u2064\uFEFF\u180E\u00AD\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/gu;

/** Text as it reads: without the characters above. */
export function withoutInvisibles(text: string): string {
  return text.replace(invisibleCharacters, '');
}

/** A string that people read (names, titles, short labels): invisible characters are removed, then trimmed. */
export function visibleText() {
  return z.string().overwrite(withoutInvisibles).trim();
}

/** A trimmed, non-empty text field with a Chinese message naming what is missing. */
export function requiredText(label: string, max = 100) {
  return z
    .string({ error: `${label}不能为空` })
    .overwrite(withoutInvisibles)
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不能超过${max}个字`);
}

/**
 * The one way a name of a unit or grid is written: no invisible characters, no spaces between Chinese characters
 * (half- or full-width), other runs of spaces as one, no full stop or comma at the end. 宜昌市　商务局。 and
 * 宜昌市\u200B商务局 are 宜昌市商务局, so the uniqueness check sees the duplicate.
 */
export function normaliseName(name: string): string {
  return withoutInvisibles(name)
    .replace(/[\s\u3000]+/gu, ' ')
    .replace(/(?<=[\p{Script=Han}（）()]) | (?=[\p{Script=Han}（）()])/gu, '')
    .replace(/[\s。，、,.;；：:]+$/u, '')
    .trim();
}

export function nameText(label: string, max = 100) {
  return requiredText(label, max)
    .transform(normaliseName)
    .refine((name) => name.length > 0, `${label}不能为空`);
}
