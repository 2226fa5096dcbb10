// Who is logged in, and logging in and out.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../shared/contracts/users.ts';
import { api } from '../../lib/api-client.ts';

export const meKey = ['me'] as const;

export type Permission =
  | 'regions:read'
  | 'regions:write'
  | 'units:read'
  | 'units:write'
  | 'users:read'
  | 'users:write'
  | 'personal:view'
  | 'audit:read'
  | 'meetings:read'
  | 'meetings:write'
  | 'tasks:read'
  | 'tasks:write'
  | 'tasks:supervise'
  | 'supervision:configure';

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => api.get<Me>('/api/me', undefined, signal),
    retry: false,
  });
}

/** The logged-in user; only for components rendered inside the authenticated layout. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside the authenticated layout');
  return data;
}

export function can(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.post<Me>('/api/auth/login', input),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(meKey, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    onSettled: () => queryClient.clear(),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/password', input),
  });
}
