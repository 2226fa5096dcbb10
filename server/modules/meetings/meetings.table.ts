// Meetings and the directives they deployed, with the report text they were read from.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import {
  type DirectiveCategory,
  type DirectiveStatus,
  type MeetingKind,
  type MeetingStatus,
  meetingKindValues,
  type Person,
  type StoredUnreadableSpan,
  type TextEdit,
  type Venues,
} from '../../../shared/contracts/meetings.ts';
import { regions } from '../regions/regions.table.ts';
import { users } from '../users/users.table.ts';
// Type only: the parser's modules are not loaded with the schema.
import type { DirectiveNumber } from './meeting-text.extract.ts';

const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const meetings = pgTable(
  'meetings',
  {
    id: serial().primaryKey(),
    title: text().notNull(),
    /** The full date when known; null when the report gives no year (see dateText). */
    heldOn: date({ mode: 'string' }),
    /** The date as known: 2022-05-10, or --05-10 when the year is missing. */
    dateText: text(),
    publishedOn: date({ mode: 'string' }),
    kind: text().$type<MeetingKind>().notNull().default('other'),
    /** Scope: whose meeting it is, usually the city. */
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    venues: jsonb().$type<Venues>().notNull().default({ main: null, branches: [] }),
    chair: jsonb().$type<Person[]>().notNull().default([]),
    speakers: jsonb().$type<Person[]>().notNull().default([]),
    attendees: jsonb().$type<Person[]>().notNull().default([]),
    /** Higher-level meetings whose spirit was conveyed (传达学习…精神). */
    conveyed: jsonb().$type<string[]>().notNull().default([]),
    originalText: text().notNull().default(''),
    cleanText: text().notNull().default(''),
    /** Changes from originalText to cleanText, so the UI can show both side by side. */
    edits: jsonb().$type<TextEdit[]>().notNull().default([]),
    unreadable: jsonb().$type<StoredUnreadableSpan[]>().notNull().default([]),
    warnings: jsonb().$type<string[]>().notNull().default([]),
    status: text().$type<MeetingStatus>().notNull().default('draft'),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('meetings_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    index('meetings_held_on_idx').on(t.heldOn),
    check('meetings_kind_check', sql`${t.kind} in (${sqlList(meetingKindValues)})`),
    check('meetings_status_check', sql`${t.status} in ('draft','reviewed')`),
    check('meetings_title_not_blank', sql`length(btrim(${t.title})) > 0`),
    check('meetings_date_text_format', sql`${t.dateText} ~ '^([0-9]{4}|-)-[0-9]{2}-[0-9]{2}$'`),
  ],
);

export const directives = pgTable(
  'directives',
  {
    id: serial().primaryKey(),
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    /** Order within the meeting, 1..n, kept gapless by every change. */
    seq: integer().notNull(),
    text: text().notNull(),
    /** Span in the meeting's clean text it was read from; null when typed in or no longer matching. */
    spanStart: integer(),
    spanEnd: integer(),
    category: text().$type<DirectiveCategory>().notNull().default('other'),
    units: jsonb().$type<string[]>().notNull().default([]),
    regions: jsonb().$type<string[]>().notNull().default([]),
    numbers: jsonb().$type<DirectiveNumber[]>().notNull().default([]),
    deadline: text(),
    status: text().$type<DirectiveStatus>().notNull().default('proposed'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('directives_meeting_idx').on(t.meetingId, t.seq),
    check(
      'directives_category_check',
      sql`${t.category} in ('epidemic','economy','safety','governance','other')`,
    ),
    check('directives_status_check', sql`${t.status} in ('proposed','accepted','dropped')`),
    check('directives_text_not_blank', sql`length(btrim(${t.text})) > 0`),
    check(
      'directives_span_check',
      sql`(${t.spanStart} is null and ${t.spanEnd} is null) or (${t.spanStart} >= 0 and ${t.spanEnd} > ${t.spanStart})`,
    ),
  ],
);
