// Who a session cookie belongs to, kept in memory so an ordinary request costs no database read; every change
// that could make a kept actor wrong drops it, in this server at once and in every other server on the same
// PostgreSQL through LISTEN/NOTIFY (triggers of migration 0003_change_notifications announce them, whoever
// writes).
import type { ChangeFeed } from '../../db/changes.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from './actor.ts';
import { findSession, hashToken } from './auth.service.ts';

export type SessionCache = {
  /** The actor of a live session, or null (unknown, expired, or the account is disabled). */
  findActor(token: string): Promise<Actor | null>;
  /** Drops what is kept for one account: after logout, a password change, a change of role, scope or unit. */
  forgetUser(userId: number): void;
  close(): void;
};

export type SessionCacheOptions = {
  /**
   * A backstop, not the mechanism: a kept actor is read again after this long even if no change was announced,
   * which bounds staleness from anything that bypasses the triggers. Default 60 s.
   */
  maxAgeMs?: number;
  /** Most sessions kept; past it the oldest kept is dropped. Default 20,000 (a few MB). */
  maxEntries?: number;
};

type Entry = { actor: Actor; userId: number; sessionExpiresAt: number; keptUntil: number };

export function openSessionCache(
  database: Database,
  changes: ChangeFeed,
  { maxAgeMs = 60_000, maxEntries = 20_000 }: SessionCacheOptions = {},
): SessionCache {
  const entries = new Map<string, Entry>();
  const byUser = new Map<number, Set<string>>();
  // Bumped by every change heard: a read that started before a change must not be kept after it.
  let epoch = 0;
  let listening = false;
  let closed = false;

  const drop = (tokenHash: string) => {
    const entry = entries.get(tokenHash);
    if (!entry) return;
    entries.delete(tokenHash);
    const hashes = byUser.get(entry.userId);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) byUser.delete(entry.userId);
  };
  const forgetUser = (userId: number) => {
    epoch++;
    for (const tokenHash of byUser.get(userId) ?? []) drop(tokenHash);
  };
  const forgetAll = () => {
    epoch++;
    entries.clear();
    byUser.clear();
  };

  const keep = (tokenHash: string, actor: Actor, sessionExpiresAt: Date) => {
    drop(tokenHash);
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) drop(oldest);
    }
    const frozen = Object.freeze({ ...actor, scopeRegion: Object.freeze({ ...actor.scopeRegion }) });
    entries.set(tokenHash, {
      actor: frozen,
      userId: actor.id,
      sessionExpiresAt: sessionExpiresAt.getTime(),
      keptUntil: Date.now() + maxAgeMs,
    });
    const hashes = byUser.get(actor.id) ?? new Set<string>();
    byUser.set(actor.id, hashes.add(tokenHash));
  };

  changes.subscribe({
    onChange(topic) {
      if (topic.startsWith('user:')) forgetUser(Number(topic.slice(5)));
      else if (topic === 'actors') forgetAll();
    },
    onState(up) {
      // Changes may have been missed while deaf, so nothing kept from before is trusted.
      forgetAll();
      listening = up && !closed;
    },
  });

  return {
    async findActor(token) {
      const tokenHash = hashToken(token);
      const now = Date.now();
      const kept = entries.get(tokenHash);
      if (kept && listening && kept.keptUntil > now && kept.sessionExpiresAt > now) return kept.actor;
      if (kept) drop(tokenHash);
      const startedAt = epoch;
      const session = await findSession(database.db, tokenHash);
      if (!session) return null;
      if (listening && epoch === startedAt) keep(tokenHash, session.actor, session.expiresAt);
      return session.actor;
    },
    forgetUser,
    close() {
      closed = true;
      listening = false;
      forgetAll();
    },
  };
}
