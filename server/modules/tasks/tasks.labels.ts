// What users call a task's states and events, and how loud a repeated reminder is.
import type { TaskEventType, TaskStatus } from '../../../shared/contracts/tasks.ts';

export const taskStatusLabels: Record<TaskStatus, string> = {
  draft: '草稿',
  assigned: '待签收',
  signed: '已签收',
  in_progress: '办理中',
  submitted: '已报送',
  returned: '已退回',
  declined: '已拒收',
  done: '已办结',
  cancelled: '已撤销',
};

export const taskEventLabels: Record<TaskEventType, string> = {
  assign: '交办',
  sign: '签收',
  report: '报送进展',
  submit: '报送办结',
  return: '退回',
  complete: '办结',
  decline: '拒收',
  reassign: '改派',
  insist: '坚持交办',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  refuse_extension: '不批准延期',
  remind: '催办',
  list: '挂牌督办',
  unlist: '取消挂牌',
  cancel: '撤销',
};

/** Repeated reminders escalate: the first two are blue, then orange, from the fifth red. */
export function reminderLevel(count: number): 'blue' | 'orange' | 'red' {
  return count >= 5 ? 'red' : count >= 3 ? 'orange' : 'blue';
}
