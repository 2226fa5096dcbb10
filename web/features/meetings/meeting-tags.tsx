// Small labels the meeting pages share: statuses, categories, and people with their posts on hover.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  DirectiveCategory,
  DirectiveStatus,
  MeetingStatus,
  Person,
} from '../../../shared/contracts/meetings.ts';
import styles from './meetings.module.css';

const categoryColors: Record<DirectiveCategory, string> = {
  epidemic: 'red',
  economy: 'gold',
  safety: 'blue',
  governance: 'purple',
  other: 'default',
};

const directiveStatusColors: Record<DirectiveStatus, string> = {
  proposed: 'orange',
  accepted: 'green',
  dropped: 'default',
};

export function MeetingStatusTag({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'reviewed' ? 'green' : 'orange'}>{t(`meetings.status.${status}`)}</Tag>;
}

export function CategoryTag({ category }: { category: DirectiveCategory }) {
  const { t } = useTranslation();
  return <Tag color={categoryColors[category]}>{t(`meetings.category.${category}`)}</Tag>;
}

export function DirectiveStatusTag({ status }: { status: DirectiveStatus }) {
  const { t } = useTranslation();
  return <Tag color={directiveStatusColors[status]}>{t(`meetings.directiveStatus.${status}`)}</Tag>;
}

/** Names as tags, each post in a tooltip; closable when `onRemove` is given. */
export function PeopleTags({
  people,
  onRemove,
}: {
  people: readonly Person[];
  onRemove?: (index: number) => void;
}) {
  if (people.length === 0) return <span className={styles.muted}>—</span>;
  return (
    <span className={styles.people}>
      {people.map((person, i) => (
        <Tooltip key={`${person.name}-${person.post ?? ''}`} title={person.post ?? undefined}>
          <Tag
            closable={Boolean(onRemove)}
            onClose={(e) => {
              e.preventDefault();
              onRemove?.(i);
            }}
          >
            {person.name}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}
