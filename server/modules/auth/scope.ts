// Scope is security: the one helper that turns an actor into the region-subtree filter every query uses.
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError } from '../../errors.ts';
import type { Actor } from './actor.ts';

/**
 * Division codes are hierarchical prefixes: 4205 (city) ⊃ 420502 (county) ⊃ 420502001 (township)
 * ⊃ 420502001001 (community) ⊃ 420502001001003 (grid). A region's subtree is every code starting
 * with its significant prefix, so scope needs no join and uses a text_pattern_ops index.
 */
export function subtreePrefix(code: string): string {
  if (code.length === 15) return code;
  if (code.length !== 12) throw new Error(`not a region code: ${code}`);
  if (code.endsWith('00000000')) return code.slice(0, 4);
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

/** Pads the short official forms (4205, 420502, 420502001) to the stored 12 digits. */
export function normaliseRegionCode(code: string): string {
  return code.length < 12 ? code.padEnd(12, '0') : code;
}

/** Whether `regionCode` is `ancestorCode` itself or lies below it. */
export function isWithinRegion(regionCode: string, ancestorCode: string): boolean {
  return regionCode.startsWith(subtreePrefix(ancestorCode));
}

export function isInScope(actor: Actor, regionCode: string | null | undefined): boolean {
  if (!regionCode) return false;
  return isWithinRegion(regionCode, actor.scopeRegion.code);
}

/** `column LIKE '<prefix>%'`: add it to every query that returns records. */
export function scopeFilter(actor: Actor, column: AnyPgColumn | SQL): SQL {
  return sql`${column} like ${`${subtreePrefix(actor.scopeRegion.code)}%`}`;
}

/**
 * scopeFilter for a prepared statement (server/db/prepared.ts): the prefix is the placeholder `scope`, filled
 * with scopeParam(actor) on every execution, so one statement serves every caller.
 */
export function scopeFilterPrepared(column: AnyPgColumn | SQL): SQL {
  return sql`${column} like ${sql.placeholder('scope')}`;
}

export function scopeParam(actor: Actor): string {
  return `${subtreePrefix(actor.scopeRegion.code)}%`;
}

/** For reads: a record outside the scope does not exist as far as this caller knows. */
export function assertReadable(actor: Actor, regionCode: string | null | undefined, what: string): void {
  if (!isInScope(actor, regionCode)) throw new AppError('NOT_FOUND', `${what}不存在或不在您的管辖范围内`);
}

/** For writes that name a target region: refuse plainly. */
export function assertWritable(actor: Actor, regionCode: string, what: string): void {
  if (!isInScope(actor, regionCode)) throw new AppError('FORBIDDEN', `不能在管辖范围以外${what}`);
}
