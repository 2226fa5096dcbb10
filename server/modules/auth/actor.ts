// Who is asking: the logged-in user as every service sees it, plus the one place roles turn into permissions.
import type { RegionLevel, Role } from '../../../shared/contracts/common.ts';
import { AppError } from '../../errors.ts';

export type Actor = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitName: string;
  scopeRegion: { code: string; name: string; level: RegionLevel };
  ip?: string;
};

export const permissions = [
  'regions:read',
  'regions:write',
  'units:read',
  'units:write',
  'users:read',
  'users:write',
  'personal:view',
  'audit:read',
  'meetings:read',
  'meetings:write',
  'tasks:read',
  'tasks:write',
  'tasks:supervise',
  'supervision:configure',
] as const;
export type Permission = (typeof permissions)[number];

const everyone: readonly Role[] = [
  'hq_admin',
  'hq_staff',
  'leader',
  'unit_liaison',
  'inspector',
  'grid_worker',
];

/** What each role may do, inside its scope region. Scope is enforced separately, on every query. */
const grants: Record<Permission, readonly Role[]> = {
  'regions:read': everyone,
  'regions:write': ['hq_admin', 'hq_staff'],
  'units:read': everyone,
  'units:write': ['hq_admin', 'hq_staff'],
  'users:read': ['hq_admin', 'hq_staff', 'leader'],
  'users:write': ['hq_admin'],
  'personal:view': ['hq_admin'],
  'audit:read': ['hq_admin'],
  'meetings:read': everyone,
  'meetings:write': ['hq_admin', 'hq_staff'],
  'tasks:read': everyone,
  /** The HQ office: makes tasks, returns or completes them, approves extensions. */
  'tasks:write': ['hq_admin', 'hq_staff'],
  /** Chasing: reminders and listed supervision, which leaders order too. */
  'tasks:supervise': ['hq_admin', 'hq_staff', 'leader'],
  /** Lights, listing threshold and the evaluation's weights: the office's rules for everyone. */
  'supervision:configure': ['hq_admin'],
};

export function can(actor: Actor, permission: Permission): boolean {
  return grants[permission].includes(actor.role);
}

export function permissionsOf(role: Role): Permission[] {
  return permissions.filter((p) => grants[p].includes(role));
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', '您的角色没有此项操作权限');
}
