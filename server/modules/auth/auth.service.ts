// Logging in and out: password check with lockout, server-side sessions, password change.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { regions } from '../regions/regions.table.ts';
import { units } from '../units/units.table.ts';
import { users } from '../users/users.table.ts';
import type { Actor } from './actor.ts';
import { sessions } from './sessions.table.ts';

export type AuthSettings = { sessionTtlHours: number; lockThreshold: number; lockMinutes: number };

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// Verifying against a real hash when the user does not exist keeps response time from revealing usernames.
let decoyHash: Promise<string> | undefined;
export const getDecoyHash = () => {
  decoyHash ??= hash(randomBytes(16).toString('hex'));
  return decoyHash;
};

type FailedLogins = { failedLogins: number; lockedUntil: Date | null };

/**
 * Failed logins for usernames that have no account, counted and locked exactly like an account's, so a made-up
 * username answers like a real one (再错N次…, then locked). Kept in memory rather than in a table: they are typos and
 * guesses, not worth a row each, and a restart forgetting them tells nobody anything. Bounded: past the limit the
 * longest-untouched name is forgotten (at the login rate limit, one address needs hours to push a name out).
 */
export type UnknownUsernameFailures = Map<string, FailedLogins>;
const UNKNOWN_USERNAME_LIMIT = 10_000;

export function rememberUnknownUsernames(): UnknownUsernameFailures {
  return new Map();
}

function recordUnknownFailure(memory: UnknownUsernameFailures, username: string, state: FailedLogins) {
  memory.delete(username); // re-inserted last, so the first key is always the longest untouched
  memory.set(username, state);
  if (memory.size > UNKNOWN_USERNAME_LIMIT) {
    const oldest = memory.keys().next().value;
    if (oldest !== undefined) memory.delete(oldest);
  }
}

const beijingTime = (d: Date) =>
  d.toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

export async function login(
  db: Db,
  settings: AuthSettings,
  credentials: { username: string; password: string },
  client: { ip?: string; userAgent?: string },
  unknownUsernames: UnknownUsernameFailures,
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const username = credentials.username.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const audit = (action: 'login' | 'login_failed', summary: string) =>
    recordAudit(
      db,
      user ? { id: user.id, username: user.username, ip: client.ip } : { id: null, username, ip: client.ip },
      {
        action,
        entity: 'session',
        entityId: user?.id ?? null,
        regionCode: user?.scopeRegionCode ?? null,
        summary,
      },
    );

  // From here on an unknown username takes the same steps as a wrong password, with its count kept in memory,
  // so status, message and time say nothing about whether the account exists.
  const failures: FailedLogins = user ??
    unknownUsernames.get(username) ?? { failedLogins: 0, lockedUntil: null };
  const saveFailures = async (state: FailedLogins) => {
    if (user) await db.update(users).set(state).where(eq(users.id, user.id));
    else recordUnknownFailure(unknownUsernames, username, state);
  };
  const now = new Date();
  if (failures.lockedUntil && failures.lockedUntil > now) {
    throw new AppError(
      'ACCOUNT_LOCKED',
      `登录失败次数过多，账号已锁定，请于 ${beijingTime(failures.lockedUntil)} 后再试，或联系管理员解锁`,
      [{ message: failures.lockedUntil.toISOString() }],
    );
  }
  const ok = await verify(user?.passwordHash ?? (await getDecoyHash()), credentials.password).catch(
    () => false,
  );
  if (!user || !ok) {
    const what = user ? '密码错误' : '用户名不存在';
    const failed = failures.failedLogins + 1;
    if (failed >= settings.lockThreshold) {
      const lockedUntil = new Date(now.getTime() + settings.lockMinutes * 60_000);
      await saveFailures({ failedLogins: 0, lockedUntil });
      await audit('login_failed', `${what}，连续${failed}次，账号锁定至 ${lockedUntil.toISOString()}`);
      throw new AppError(
        'ACCOUNT_LOCKED',
        `密码连续错误${failed}次，账号已锁定，请于 ${beijingTime(lockedUntil)} 后再试，或联系管理员解锁`,
        [{ message: lockedUntil.toISOString() }],
      );
    }
    await saveFailures({ failedLogins: failed, lockedUntil: null });
    await audit('login_failed', `${what}（第${failed}次）`);
    throw new AppError(
      'UNAUTHENTICATED',
      `用户名或密码错误，再错${settings.lockThreshold - failed}次账号将被锁定`,
    );
  }
  if (!user.active) {
    await audit('login_failed', '账号已停用');
    throw new AppError('FORBIDDEN', '账号已停用，请联系管理员');
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.sessionTtlHours * 3600_000);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt,
      ip: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
  });
  const actor = await findActorByToken(db, token);
  if (!actor) throw new AppError('INTERNAL', '登录会话创建失败');
  await audit('login', '登录成功');
  return { token, expiresAt, actor };
}

export async function findActorByToken(db: Db, token: string): Promise<Actor | null> {
  return (await findSession(db, hashToken(token)))?.actor ?? null;
}

/** A live session: who it belongs to and when it runs out (the cache keeps it no longer than that). */
export type LiveSession = { actor: Actor; expiresAt: Date };

export async function findSession(db: Db, tokenHash: string): Promise<LiveSession | null> {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitName: units.name,
      regionCode: regions.code,
      regionName: regions.name,
      regionLevel: regions.level,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .innerJoin(regions, eq(regions.code, users.scopeRegionCode))
    .where(
      and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), eq(users.active, true)),
    );
  if (!row) return null;
  return {
    actor: {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      unitId: row.unitId,
      unitName: row.unitName,
      scopeRegion: { code: row.regionCode, name: row.regionName, level: row.regionLevel },
    },
    expiresAt: row.expiresAt,
  };
}

export async function logout(db: Db, actor: Actor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  await recordAudit(db, actor, {
    action: 'logout',
    entity: 'session',
    entityId: actor.id,
    regionCode: actor.scopeRegion.code,
    summary: '退出登录',
  });
}

export async function changePassword(
  db: Db,
  actor: Actor,
  token: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.id));
  if (!user || !(await verify(user.passwordHash, input.currentPassword).catch(() => false))) {
    throw new AppError('VALIDATION', '当前密码不正确', [
      { field: 'currentPassword', message: '当前密码不正确' },
    ]);
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError('VALIDATION', '新密码不能与当前密码相同', [
      { field: 'newPassword', message: '新密码不能与当前密码相同' },
    ]);
  }
  const passwordHash = await hash(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, actor.id));
    // Other devices logged in with the old password are signed out.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.id), ne(sessions.tokenHash, hashToken(token))));
    await recordAudit(tx, actor, {
      action: 'password_change',
      entity: 'user',
      entityId: actor.id,
      regionCode: actor.scopeRegion.code,
      summary: '修改密码',
    });
  });
}
