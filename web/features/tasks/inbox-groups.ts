// What in my unit's open tasks needs me: to sign, to redo after a return, or late / due soon. The inbox's tabs
// and the menu's count are worked out here, once, from the same list.
import type { TaskListItem } from '../../../shared/contracts/tasks.ts';

export const inboxGroups = ['all', 'assigned', 'returned', 'dueSoon', 'overdue'] as const;
export type InboxGroup = (typeof inboxGroups)[number];

export function inGroup(task: TaskListItem, group: InboxGroup): boolean {
  switch (group) {
    case 'all':
      return true;
    // What my unit has to do is its own assignment's state: a co-unit may still have to sign a task the lead signed.
    case 'assigned':
      return (task.myAssignment?.status ?? task.status) === 'assigned';
    case 'returned':
      return (task.myAssignment?.status ?? task.status) === 'returned';
    // A task sent in waits for the office, not for the unit, whatever its light.
    case 'dueSoon':
      return task.light === 'yellow' && task.status !== 'submitted';
    case 'overdue':
      return task.light === 'red' && task.status !== 'submitted';
  }
}

/** The menu's count: tasks waiting for a signature, returned, or overdue (each counted once). */
export function needingMe(tasks: readonly TaskListItem[]): number {
  return tasks.filter((t) => inGroup(t, 'assigned') || inGroup(t, 'returned') || inGroup(t, 'overdue'))
    .length;
}
