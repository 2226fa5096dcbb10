// Chinese names of meeting kinds, directive categories and statuses, for exports and the command line.
import type {
  DirectiveCategory,
  DirectiveStatus,
  MeetingKind,
  MeetingStatus,
} from '../../../shared/contracts/meetings.ts';

export const meetingKindLabels: Record<MeetingKind, string> = {
  video_conference: '视频会议',
  telephone_conference: '电视电话会议',
  standing_committee: '常委会会议',
  plenary: '全体会议',
  hq_meeting: '指挥部会议',
  scheduling_meeting: '调度会',
  special_meeting: '专题会议',
  other: '其他',
};

export const directiveCategoryLabels: Record<DirectiveCategory, string> = {
  epidemic: '疫情防控',
  economy: '经济发展',
  safety: '安全发展',
  governance: '社会治理',
  other: '其他',
};

export const directiveStatusLabels: Record<DirectiveStatus, string> = {
  proposed: '待审核',
  accepted: '已采纳',
  dropped: '不采纳',
};

export const meetingStatusLabels: Record<MeetingStatus, string> = { draft: '草稿', reviewed: '已审核' };

/** Looks a stored value up in one of the maps above, showing an unknown value as it is. */
export function labelOf(labels: Record<string, string>, value: unknown): string {
  return labels[String(value)] ?? String(value);
}
