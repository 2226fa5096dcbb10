// Meetings: the list, importing a report (parse preview, then save), the meeting itself and the review of its directives.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Directive,
  DirectiveCategory,
  DirectiveCreate,
  DirectiveStatus,
  DirectiveUpdate,
  Meeting,
  MeetingCreate,
  MeetingKind,
  MeetingPreview,
  MeetingStatus,
  MeetingSummary,
  MeetingUpdate,
  Person,
  PossibleDuplicate,
  TextEdit,
} from '../../../shared/contracts/meetings.ts';
import { api, uploadFile, withQuery } from '../../lib/api-client.ts';

export type MeetingFilters = {
  from?: string;
  to?: string;
  kind?: MeetingKind;
  status?: MeetingStatus;
  q?: string;
};
export type MeetingPage = { items: MeetingSummary[]; total: number; page: number; pageSize: number };
export type EditKind = TextEdit['kind'];

export const meetingKinds: MeetingKind[] = [
  'video_conference',
  'telephone_conference',
  'standing_committee',
  'plenary',
  'hq_meeting',
  'scheduling_meeting',
  'special_meeting',
  'other',
];
export const meetingStatuses: MeetingStatus[] = ['draft', 'reviewed'];
export const directiveCategories: DirectiveCategory[] = [
  'epidemic',
  'economy',
  'safety',
  'governance',
  'other',
];
export const directiveStatuses: DirectiveStatus[] = ['proposed', 'accepted', 'dropped'];
/** The order the legend lists the normaliser's changes in: the ones a reader notices most first. */
export const editKinds: EditKind[] = [
  'simplify',
  'gloss',
  'punctuation',
  'header',
  'byline',
  'whitespace',
  'unreadable',
];

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (filters: MeetingFilters, page: number, pageSize: number) =>
    ['meetings', 'list', filters, page, pageSize] as const,
  detail: (id: number) => ['meetings', 'detail', id] as const,
};

export function useMeetings(filters: MeetingFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: meetingKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<MeetingPage>('/api/meetings', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function meetingExportUrl(filters: MeetingFilters): string {
  return withQuery('/api/meetings/export.xlsx', filters);
}

export function directivesExportUrl(meetingId: number): string {
  return `/api/meetings/${meetingId}/directives/export.xlsx`;
}

export function useMeeting(id: number) {
  return useQuery({
    queryKey: meetingKeys.detail(id),
    queryFn: ({ signal }) => api.get<Meeting>(`/api/meetings/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** A report as the user gave it: pasted text, or a .txt/.docx file sent as is. */
export type ReportSource = { text: string } | { file: File };

/**
 * The user's overrides on import, and their call on each garbled span (by its start in the preview's text).
 * People go only with pasted text: the file form has no place for them.
 */
export type ImportOptions = {
  publishedAt?: string;
  title?: string;
  date?: string;
  kind?: MeetingKind;
  unreadable?: { start: number; accept: boolean }[];
  chair?: Person[];
  speakers?: Person[];
  attendees?: Person[];
};

type ParseInput = { source: ReportSource; publishedAt?: string; onProgress?: (percent: number) => void };

/** The parser's preview, with the stored meetings it may repeat: nothing is stored. A file goes up with progress. */
export function useParseReport() {
  return useMutation({
    mutationFn: ({ source, publishedAt, onProgress }: ParseInput) =>
      'file' in source
        ? uploadFile<MeetingPreview>(
            withQuery('/api/meetings/parse', { publishedAt }),
            source.file,
            onProgress ?? (() => undefined),
          )
        : api.post<MeetingPreview>('/api/meetings/parse', { text: source.text, publishedAt }),
  });
}

export type ImportResult = { meeting: Meeting; warnings: string[]; duplicates: PossibleDuplicate[] };

export function useImportMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ source, options }: { source: ReportSource; options: ImportOptions }) => {
      if ('text' in source) {
        return api.post<ImportResult>('/api/meetings/import', {
          text: source.text,
          ...options,
        });
      }
      // A file goes up again as it is, the options in the query string (the server's file form).
      const { publishedAt, title, date, kind, unreadable = [] } = options;
      const starts = (accept: boolean) =>
        unreadable
          .filter((u) => u.accept === accept)
          .map((u) => u.start)
          .join(',');
      return uploadFile<ImportResult>(
        withQuery('/api/meetings/import', {
          publishedAt,
          title,
          date,
          kind,
          accept: starts(true),
          reject: starts(false),
        }),
        source.file,
        () => undefined,
      );
    },
    onSuccess: ({ meeting }) => {
      queryClient.setQueryData(meetingKeys.detail(meeting.id), meeting);
      return queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] });
    },
  });
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MeetingCreate) => api.post<Meeting>('/api/meetings', input),
    onSuccess: (meeting) => {
      queryClient.setQueryData(meetingKeys.detail(meeting.id), meeting);
      return queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] });
    },
  });
}

/** Changes to the meeting as a whole answer with the whole meeting, which replaces the cached one. */
function useMeetingMutation<T>(request: (input: T) => Promise<Meeting>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (meeting) => {
      queryClient.setQueryData(meetingKeys.detail(meeting.id), meeting);
      return queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] });
    },
  });
}

export function useUpdateMeeting() {
  return useMeetingMutation(({ id, ...input }: MeetingUpdate & { id: number }) =>
    api.patch<Meeting>(`/api/meetings/${id}`, input),
  );
}

export function useReviewMeeting(id: number) {
  return useMeetingMutation(() => api.post<Meeting>(`/api/meetings/${id}/review`));
}

/** Takes a garbled span's suggestion into the text (its directives follow) or keeps it marked. */
export function useDecideUnreadable(id: number) {
  return useMeetingMutation((decision: { start: number; accept: boolean }) =>
    api.post<Meeting>(`/api/meetings/${id}/unreadable`, decision),
  );
}

export function useDeleteMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/meetings/${id}`),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: meetingKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] });
    },
  });
}

/** Directive changes answer with the directive(s) only: the meeting is read again for order and counts. */
function useDirectiveMutation<T, R>(meetingId: number, request: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: meetingKeys.detail(meetingId) }),
        queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] }),
      ]),
  });
}

export function useAddDirective(meetingId: number) {
  return useDirectiveMutation(meetingId, (input: DirectiveCreate) =>
    api.post<Directive>(`/api/meetings/${meetingId}/directives`, input),
  );
}

export function useUpdateDirective(meetingId: number) {
  return useDirectiveMutation(meetingId, ({ id, ...input }: DirectiveUpdate & { id: number }) =>
    api.patch<Directive>(`/api/meetings/${meetingId}/directives/${id}`, input),
  );
}

export function useMergeDirectives(meetingId: number) {
  return useDirectiveMutation(meetingId, (ids: number[]) =>
    api.post<Directive>(`/api/meetings/${meetingId}/directives/merge`, { ids }),
  );
}

export function useSplitDirective(meetingId: number) {
  return useDirectiveMutation(meetingId, ({ id, at }: { id: number; at: number }) =>
    api.post<Directive[]>(`/api/meetings/${meetingId}/directives/${id}/split`, { at }),
  );
}

/** Accepts every directive still proposed, in one request (one change, one audit entry). */
export function useAcceptAll(meetingId: number) {
  return useDirectiveMutation(meetingId, () =>
    api.post<Directive[]>(`/api/meetings/${meetingId}/directives/accept-remaining`),
  );
}
