// Accounts: who may log in, with which role, unit and scope; personal data only through the audited endpoint.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../shared/contracts/common.ts';
import type { User, UserCreate, UserUpdate } from '../../../shared/contracts/users.ts';
import { api, withQuery } from '../../lib/api-client.ts';

export type UserFilters = { q?: string; role?: Role; unitId?: number };
export type UserPage = { items: User[]; total: number; page: number; pageSize: number };
export type PersonalData = { id: number; displayName: string; phone: string | null; idNumber: string | null };

export const roles: Role[] = ['hq_admin', 'hq_staff', 'leader', 'unit_liaison', 'inspector', 'grid_worker'];

export const userKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters, page: number, pageSize: number) =>
    ['users', 'list', filters, page, pageSize] as const,
};

export function useUsers(filters: UserFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: userKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<UserPage>('/api/users', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function userExportUrl(filters: UserFilters): string {
  return withQuery('/api/users/export.xlsx', filters);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreate) => api.post<User>('/api/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: UserUpdate }) =>
      api.patch<User>(`/api/users/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUnlockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<User>(`/api/users/${id}/unlock`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** Not cached: every look is a deliberate, audited act. */
export function useViewPersonalData() {
  return useMutation({
    mutationFn: (id: number) => api.get<PersonalData>(`/api/users/${id}/personal`),
  });
}
