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

/** A trimmed, non-empty text field with a Chinese message naming what is missing. */
export function requiredText(label: string, max = 100) {
  return z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不能超过${max}个字`);
}

/**
 * The one way a name of a unit or grid is written: no spaces between Chinese characters (half- or full-width),
 * other runs of spaces as one, no full stop or comma at the end. 宜昌市　商务局。 is 宜昌市商务局, so the
 * uniqueness check sees the duplicate.
 */
export function normaliseName(name: string): string {
  return name
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
