// 转为任务 from a meeting: the server's proposals for its accepted directives, the tasks already made from them, and
// creating tasks one by one so that each directive's refusal can be shown beside its own form.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TaskProposal, TaskProposalList } from '../../../shared/contracts/task-proposals.ts';
import type { Task, TaskCreate, TaskList, TaskListItem } from '../../../shared/contracts/tasks.ts';
import { api, withQuery } from '../../lib/api-client.ts';

export const meetingTaskKeys = {
  proposals: (meetingId: number) => ['meetings', 'task-proposals', meetingId] as const,
  tasks: (meetingId: number) => ['tasks', 'list', { meetingId }, 'all-pages'] as const,
};

export function useTaskProposals(meetingId: number, enabled: boolean) {
  return useQuery({
    queryKey: meetingTaskKeys.proposals(meetingId),
    queryFn: ({ signal }) =>
      api.get<TaskProposalList>(`/api/meetings/${meetingId}/task-proposals`, undefined, signal),
    enabled,
    // A proposal reads the unit list and the directive text: both change rarely while the drawer is open.
    staleTime: 60_000,
    select: (list): Map<number, TaskProposal> => new Map(list.items.map((p) => [p.directiveId, p])),
  });
}

/**
 * Every task made from the meeting's directives (a 各县市区 split makes 13 at once, so a meeting can pass one page):
 * followed by cursor until the last page, at most 20 pages of 100.
 */
export function useMeetingTasks(meetingId: number, enabled: boolean) {
  return useQuery({
    queryKey: meetingTaskKeys.tasks(meetingId),
    queryFn: async ({ signal }) => {
      const items: TaskListItem[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const list = await api.get<TaskList>(
          withQuery('/api/tasks', { meetingId, pageSize: 100, sort: 'created', cursor }),
          undefined,
          signal,
        );
        items.push(...list.items);
        if (!list.nextCursor) break;
        cursor = list.nextCursor;
      }
      return items;
    },
    enabled,
  });
}

/** The tasks each directive led to, sub-tasks of a county split under their parent. */
export type DirectiveTasks = { task: TaskListItem; children: TaskListItem[] }[];

export function tasksByDirective(items: readonly TaskListItem[]): Map<number, DirectiveTasks> {
  const ids = new Set(items.map((t) => t.id));
  const children = new Map<number, TaskListItem[]>();
  for (const t of items) {
    if (t.parentId !== null && ids.has(t.parentId))
      children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  }
  const byDirective = new Map<number, DirectiveTasks>();
  for (const t of items) {
    if (t.parentId !== null && ids.has(t.parentId)) continue;
    for (const directiveId of t.directiveIds) {
      const list = byDirective.get(directiveId) ?? [];
      list.push({ task: t, children: children.get(t.id) ?? [] });
      byDirective.set(directiveId, list);
    }
  }
  for (const list of byDirective.values()) list.sort((a, b) => a.task.id - b.task.id);
  return byDirective;
}

/** A created task; a county split also names the sub-tasks made with it. */
export type TaskCreated = Task & { subtasks: { id: number; regionCode: string }[] };

export function useCreateTask() {
  return useMutation({
    mutationFn: (input: TaskCreate) => api.post<TaskCreated>('/api/tasks', input),
  });
}

/** After a round of creating: the directive tags, and any task list elsewhere in the app, are read again. */
export function useRefreshMeetingTasks() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['tasks'] });
}
