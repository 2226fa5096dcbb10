// Tasks: the scoped list, my unit's inbox, the calendar of what falls due, one task with its timeline, making a
// task, sending lifecycle events and uploading the files a report carries.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Attachment,
  Light,
  Task,
  TaskCategory,
  TaskCreate,
  TaskEventInput,
  TaskList,
  TaskListItem,
  TaskStatus,
} from '../../../shared/contracts/tasks.ts';
import type { User } from '../../../shared/contracts/users.ts';
import { api, uploadFile, withQuery } from '../../lib/api-client.ts';

export type TaskFilters = {
  q?: string;
  /** open = neither done nor cancelled. */
  state?: 'open' | 'closed';
  category?: TaskCategory;
  status?: TaskStatus;
  light?: Light;
  listed?: 'true' | 'false';
  unitId?: number;
  regionCode?: string;
  meetingId?: number;
};

export type TaskCreated = Task & {
  subtasks: { id: number; regionCode: string; leadUnit: { id: number; name: string } }[];
};

export const taskKeys = {
  all: ['tasks'] as const,
  list: (filters: TaskFilters, page: number, pageSize: number) =>
    ['tasks', 'list', filters, page, pageSize] as const,
  inbox: ['tasks', 'inbox'] as const,
  calendar: (from: string, to: string) => ['tasks', 'calendar', from, to] as const,
  detail: (id: number) => ['tasks', 'detail', id] as const,
};

export function useTasks(filters: TaskFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: taskKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<TaskList>('/api/tasks', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function taskExportUrl(filters: TaskFilters): string {
  return withQuery('/api/tasks/export.xlsx', filters);
}

/** Every page of a list, followed by cursor (a unit's open tasks, a month's deadlines: hundreds at most). */
async function everyPage(query: Record<string, string>, signal: AbortSignal): Promise<TaskListItem[]> {
  const items: TaskListItem[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 20; guard++) {
    const page = await api.get<TaskList>('/api/tasks', { ...query, pageSize: 100, cursor }, signal);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

/** My unit's open tasks, soonest due first: the inbox and the menu's count read the same answer. */
export function useInbox(enabled = true) {
  return useQuery({
    queryKey: taskKeys.inbox,
    queryFn: ({ signal }) => everyPage({ mine: 'true', state: 'open', sort: 'due' }, signal),
    enabled,
  });
}

/** Open tasks whose deadline or next report falls between two Beijing dates (inclusive). */
export function useCalendarTasks(from: string, to: string) {
  return useQuery({
    queryKey: taskKeys.calendar(from, to),
    queryFn: ({ signal }) => everyPage({ state: 'open', dueFrom: from, dueTo: to, sort: 'due' }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: number) {
  return useQuery({
    queryKey: taskKeys.detail(id),
    queryFn: ({ signal }) => api.get<Task>(`/api/tasks/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** Lists, the inbox and the calendar are read again after any change; a task's own page is replaced by the answer. */
function invalidateTaskLists(queryClient: ReturnType<typeof useQueryClient>) {
  return queryClient.invalidateQueries({
    predicate: (q) => q.queryKey[0] === 'tasks' && q.queryKey[1] !== 'detail',
  });
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TaskCreate) => api.post<TaskCreated>('/api/tasks', input),
    onSuccess: (task) => {
      queryClient.setQueryData(taskKeys.detail(task.id), task);
      return invalidateTaskLists(queryClient);
    },
  });
}

/** An event answers with the whole task (its new state, timeline and allowed events), which replaces the cached one. */
export function useSendTaskEvent(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TaskEventInput) => api.post<Task>(`/api/tasks/${id}/events`, input),
    onSuccess: (task) => {
      queryClient.setQueryData(taskKeys.detail(task.id), task);
      return invalidateTaskLists(queryClient);
    },
  });
}

/** A file for a report, sent as the raw body with its type; the answer's id goes with the event. */
export function uploadTaskAttachment(
  taskId: number,
  file: File,
  onProgress: (percent: number) => void,
): Promise<Attachment> {
  return uploadFile<Attachment>(
    withQuery(`/api/tasks/${taskId}/attachments`, { fileName: file.name }),
    file,
    onProgress,
  );
}

export function attachmentUrl(taskId: number, attachmentId: number): string {
  return `/api/tasks/${taskId}/attachments/${attachmentId}`;
}

/** Leaders who may supervise a listed task (only asked by those allowed to list, who may read accounts). */
export function useLeaders(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'list', { role: 'leader' }, 1, 100],
    queryFn: ({ signal }) =>
      api.get<{ items: User[] }>('/api/users', { role: 'leader', pageSize: 100 }, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export type Workflow = {
  states: { value: string; label: string }[];
  events: { value: string; label: string }[];
};

/** The server's names for the task's states and events: what the timeline falls back on for a kind it does not know. */
export function useTaskWorkflow() {
  return useQuery({
    queryKey: ['workflows', 'task'],
    queryFn: ({ signal }) => api.get<Workflow>('/api/workflows/task', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
