// Reading the division tree and managing grids.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RegionLevel } from '../../../shared/contracts/common.ts';
import type { GridCreate, Region, RegionUpdate } from '../../../shared/contracts/regions.ts';
import { api, uploadFile } from '../../lib/api-client.ts';

export type RegionSummary = Omit<Region, 'path'>;
export type RegionPage = {
  items: (RegionSummary & { within: string | null })[];
  total: number;
  page: number;
  pageSize: number;
};
export type GridImportResult = {
  created: number;
  grids: { code: string; name: string; parentCode: string }[];
};

export const regionKeys = {
  all: ['regions'] as const,
  detail: (code: string) => ['regions', 'detail', code] as const,
  children: (code: string) => ['regions', 'children', code] as const,
  search: (q: string, level?: RegionLevel) => ['regions', 'search', q, level ?? null] as const,
};

export function fetchChildren(code: string, signal?: AbortSignal) {
  return api.get<RegionSummary[]>(`/api/regions/${code}/children`, undefined, signal);
}

/** A region's children as an Excel download. */
export function childrenExportUrl(code: string): string {
  return `/api/regions/${code}/children/export.xlsx`;
}

export function useRegion(code: string) {
  return useQuery({
    queryKey: regionKeys.detail(code),
    queryFn: ({ signal }) => api.get<Region>(`/api/regions/${code}`, undefined, signal),
  });
}

export function useRegionChildren(code: string, enabled = true) {
  return useQuery({
    queryKey: regionKeys.children(code),
    queryFn: ({ signal }) => fetchChildren(code, signal),
    enabled,
  });
}

export function useRegionSearch(
  q: string,
  options: { level?: RegionLevel; pageSize?: number; page?: number } = {},
) {
  const query = q.trim();
  return useQuery({
    queryKey: [...regionKeys.search(query, options.level), options.pageSize ?? 20, options.page ?? 1],
    queryFn: ({ signal }) =>
      api.get<RegionPage>(
        '/api/regions',
        { q: query, level: options.level, pageSize: options.pageSize ?? 20, page: options.page ?? 1 },
        signal,
      ),
    enabled: query.length > 0,
    placeholderData: (previous) => previous,
  });
}

export function useCreateGrid() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: GridCreate) => api.post<Region>('/api/regions/grids', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: regionKeys.all }),
  });
}

export function useUpdateRegion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...input }: RegionUpdate & { code: string }) =>
      api.patch<Region>(`/api/regions/${code}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: regionKeys.all }),
  });
}

export function useDeleteGrid() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.delete<{ ok: true }>(`/api/regions/${code}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: regionKeys.all }),
  });
}

export function useImportGrids() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (percent: number) => void }) =>
      uploadFile<GridImportResult>('/api/regions/grids/import', file, onProgress),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: regionKeys.all }),
  });
}

/** The server's Excel template for grids under a region, with its communities' codes to copy from. */
export function gridTemplateUrl(code: string): string {
  return `/api/regions/${code}/grid-template.xlsx`;
}
