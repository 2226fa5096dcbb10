// How numbers, dates, shares and region levels read to a Chinese official (and, switched, in English).
import type { RegionLevel } from '../../shared/contracts/common.ts';
import { i18n } from '../app/i18n.ts';

const isChinese = () => i18n.language !== 'en';

const grouped = new Intl.NumberFormat('zh-CN');

/**
 * How date pickers show a day: 2022年5月10日 in Chinese. The first format is shown; the others are also read
 * when typed, so 2022-05-10 and 2022/5/10 work too.
 */
export function datePickerFormat(): string[] {
  return isChinese() ? ['YYYY年M月D日', 'YYYY-MM-DD', 'YYYY/M/D'] : ['YYYY-MM-DD', 'YYYY/M/D'];
}

/** 4017607 → 4,017,607 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return grouped.format(value);
}

/** Head counts: 4017607 → 401.76万人 (from 10,000 up), 8312 → 8,312人; in English 4,017,607. */
export function formatPeople(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!isChinese()) return formatNumber(value);
  if (Math.abs(value) >= 10_000) {
    const wan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(value / 10_000);
    return `${wan}万人`;
  }
  return `${formatNumber(value)}人`;
}

/** part/whole as 22.8%; a dash when the whole is zero. */
export function formatShare(part: number, whole: number, digits = 1): string {
  if (!whole) return '—';
  return formatPercent(part / whole, digits);
}

/** 0.2495 → 24.9% (one decimal by default) */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

const dateTimeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function beijingParts(value: string | Date): Record<string, string> | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const parts: Record<string, string> = {};
  for (const part of dateTimeParts.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** Beijing time whatever the browser's zone: 2026年11月23日 14:05 (English: 2026-11-23 14:05). */
export function formatDateTime(value: string | Date | null | undefined, withSeconds = false): string {
  if (!value) return '—';
  const p = beijingParts(value);
  if (!p) return '—';
  const time = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  if (!isChinese()) return `${p.year}-${p.month}-${p.day} ${time}`;
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${time}`;
}

/** The Beijing calendar day of an instant as YYYY-MM-DD, whatever the browser's zone (for grouping by day). */
export function beijingDay(value: string | Date): string | null {
  const p = beijingParts(value);
  return p ? `${p.year}-${p.month}-${p.day}` : null;
}

/** 2026年11月23日 (English: 2026-11-23). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const p = beijingParts(value);
  if (!p) return '—';
  if (!isChinese()) return `${p.year}-${p.month}-${p.day}`;
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
}

/** city → 市, county → 县区, township → 乡镇街道, community → 社区村, grid → 网格. */
export function formatRegionLevel(level: RegionLevel): string {
  return i18n.t(`regionLevel.${level}`);
}

/**
 * A meeting's date as stored: 2022-05-10 → 2022年5月10日; a report without a year (--05-10) → 5月10日（年份待确认）.
 */
export function formatMeetingDate(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  if (year === '-') {
    return isChinese()
      ? `${Number(month)}月${Number(day)}日（${i18n.t('meetings.yearUnconfirmed')}）`
      : `${month}-${day} (${i18n.t('meetings.yearUnconfirmed')})`;
  }
  return isChinese() ? `${year}年${Number(month)}月${Number(day)}日` : value;
}

/**
 * Some server texts (parser messages and warnings) come as "中文 / English": the half in the user's language.
 * Anything else is shown as it is.
 */
export function formatServerText(text: string): string {
  const split = /^(.*[\u4e00-\u9fff].*?) \/ ([\x20-\x7e]+)$/su.exec(text);
  if (!split) return text;
  return isChinese() ? split[1]! : split[2]!;
}
