// Units: the HQ office, its working groups, departments, districts and enterprises.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Unit, UnitCreate, UnitKind, UnitUpdate } from '../../../shared/contracts/units.ts';
import { api, withQuery } from '../../lib/api-client.ts';

export type UnitFilters = { q?: string; kind?: UnitKind };
export type UnitPage = { items: Unit[]; total: number; page: number; pageSize: number };

export const unitKinds: UnitKind[] = ['hq_office', 'working_group', 'department', 'district', 'enterprise'];

export const unitKeys = {
  all: ['units'] as const,
  list: (filters: UnitFilters, page: number, pageSize: number) =>
    ['units', 'list', filters, page, pageSize] as const,
  detail: (id: number) => ['units', 'detail', id] as const,
};

export function useUnits(filters: UnitFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: unitKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<UnitPage>('/api/units', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** One unit, for useUnit and for forms that need a chosen unit's details at the moment it is chosen. */
export function unitQuery(id: number) {
  return queryOptions({
    queryKey: unitKeys.detail(id),
    queryFn: ({ signal }) => api.get<Unit>(`/api/units/${id}`, undefined, signal),
  });
}

export function useUnit(id: number | null) {
  return useQuery({ ...unitQuery(id ?? 0), enabled: id !== null });
}

export function unitExportUrl(filters: UnitFilters): string {
  return withQuery('/api/units/export.xlsx', filters);
}

export function useSaveUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: UnitCreate | UnitUpdate }) =>
      id === null ? api.post<Unit>('/api/units', input) : api.patch<Unit>(`/api/units/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitKeys.all }),
  });
}

export function useDeleteUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/units/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitKeys.all }),
  });
}
