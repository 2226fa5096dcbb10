// Supervision: the evaluation ranking of units for a period (考评, 红黑榜), its Excel file, and the office's settings.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Ranking,
  RankingUnitKind,
  SupervisionSettings,
  SupervisionSettingsUpdate,
} from '../../../shared/contracts/supervision.ts';
import { api, withQuery } from '../../lib/api-client.ts';

export type RankingFilters = { from: string; to: string; unitKind?: RankingUnitKind };

export const supervisionKeys = {
  all: ['supervision'] as const,
  ranking: (filters: RankingFilters) => ['supervision', 'ranking', filters] as const,
  settings: ['supervision', 'settings'] as const,
};

export function useRanking(filters: RankingFilters) {
  return useQuery({
    queryKey: supervisionKeys.ranking(filters),
    queryFn: ({ signal }) => api.get<Ranking>('/api/supervision/ranking', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function rankingExportUrl(filters: RankingFilters): string {
  return withQuery('/api/supervision/ranking/export.xlsx', filters);
}

export function useSupervisionSettings(enabled: boolean) {
  return useQuery({
    queryKey: supervisionKeys.settings,
    queryFn: ({ signal }) => api.get<SupervisionSettings>('/api/supervision/settings', undefined, signal),
    enabled,
  });
}

/** New weights and score lines change every score: the rankings are read again. */
export function useUpdateSupervisionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: SupervisionSettingsUpdate) =>
      api.patch<SupervisionSettings>('/api/supervision/settings', change),
    onSuccess: (settings) => {
      queryClient.setQueryData(supervisionKeys.settings, settings);
      return queryClient.invalidateQueries({ queryKey: ['supervision', 'ranking'] });
    },
  });
}
