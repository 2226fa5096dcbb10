// The audit log: who did what, when, to which record.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../../../shared/contracts/audit.ts';
import { api, withQuery } from '../../lib/api-client.ts';

export type AuditAction = AuditEntry['action'];
export type AuditFilters = {
  actor?: string;
  action?: AuditAction;
  entity?: string;
  from?: string;
  to?: string;
};
export type AuditPage = { items: AuditEntry[]; total: number; page: number; pageSize: number };

export const auditActions: AuditAction[] = [
  'create',
  'update',
  'delete',
  'view_personal',
  'login',
  'login_failed',
  'logout',
  'password_change',
];

export const auditEntities = ['user', 'unit', 'region', 'session', 'meeting', 'directive'];

export function useAuditEntries(filters: AuditFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<AuditPage>('/api/audit', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The same filters as the list, as an Excel download. */
export function auditExportUrl(filters: AuditFilters): string {
  return withQuery('/api/audit/export.xlsx', filters);
}
