// 我的待办: my unit's open tasks, soonest due first, by what needs me (to sign, returned, due soon, overdue);
// cards on a phone, a table on a desk. The chosen group is kept in the address.
import {
  Card,
  Empty,
  Grid,
  Progress,
  Result,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Light, TaskListItem, TaskStatus } from '../../../shared/contracts/tasks.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useInbox } from './api.ts';
import { type InboxGroup, inboxGroups, inGroup } from './inbox-groups.ts';
import { DueText, LightDot, ListedMark, TaskStatusTag } from './task-labels.tsx';
import styles from './tasks.module.css';

export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = screens.sm === false;
  const [params, setParams] = useSearchParams();
  const requested = params.get('group') as InboxGroup | null;
  const group: InboxGroup = requested && inboxGroups.includes(requested) ? requested : 'all';
  const inbox = useInbox();

  if (inbox.isError) {
    return (
      <Card>
        <Result status="error" title={t('error.loadFailed')} subTitle={errorMessage(inbox.error)} />
      </Card>
    );
  }
  const all = inbox.data ?? [];
  const shown = all.filter((task) => inGroup(task, group));

  const columns: TableColumnsType<TaskListItem> = [
    { title: t('tasks.field.light'), dataIndex: 'light', render: (l: Light) => <LightDot light={l} /> },
    {
      title: t('tasks.field.title'),
      dataIndex: 'title',
      render: (title: string, row) => (
        <div className={styles.titleCell}>
          <Typography.Link
            href={`/tasks/${row.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/tasks/${row.id}`);
            }}
          >
            {title}
          </Typography.Link>
          <ListedMark listed={row.listed} />
        </div>
      ),
    },
    {
      title: t('tasks.field.status'),
      dataIndex: 'status',
      render: (s: TaskStatus) => <TaskStatusTag status={s} />,
    },
    { title: t('tasks.field.due'), key: 'due', render: (_, row) => <DueText task={row} /> },
    {
      title: t('tasks.field.leadUnit'),
      key: 'lead',
      render: (_, row) => <span className={styles.nowrap}>{row.leadUnit.name}</span>,
    },
    {
      title: t('tasks.field.progress'),
      dataIndex: 'progress',
      width: 120,
      render: (v: number | null) => (v === null ? '—' : <Progress percent={v} size="small" />),
    },
  ];

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={group === 'all' ? t('tasks.inbox.emptyAll') : t('tasks.inbox.emptyGroup')}
    />
  );

  return (
    <Card title={t('tasks.inbox.title')}>
      <div className={styles.groups}>
        {/* Chips rather than a segmented bar: five groups wrap on a phone instead of running off its edge. */}
        {inboxGroups.map((g) => (
          <Tag.CheckableTag
            key={g}
            checked={group === g}
            className={styles.groupChip}
            onChange={() =>
              setParams(
                (current) => {
                  const p = new URLSearchParams(current);
                  if (g === 'all') p.delete('group');
                  else p.set('group', g);
                  return p;
                },
                { replace: true },
              )
            }
          >
            {t(`tasks.inbox.group.${g}`, { count: all.filter((task) => inGroup(task, g)).length })}
          </Tag.CheckableTag>
        ))}
      </div>
      {inbox.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : phone ? (
        shown.length === 0 ? (
          empty
        ) : (
          <div className={styles.cards}>
            {shown.map((task) => (
              <TaskCard key={task.id} task={task} />
            ))}
          </div>
        )
      ) : (
        <Table<TaskListItem>
          rowKey="id"
          columns={columns}
          dataSource={shown}
          loading={inbox.isFetching}
          pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          rowClassName={(row) =>
            row.light === 'red' || row.light === 'yellow' ? styles[`row_${row.light}`]! : ''
          }
          locale={{ emptyText: empty }}
        />
      )}
    </Card>
  );
}

function TaskCard({ task }: { task: TaskListItem }) {
  const { t } = useTranslation();
  return (
    <Link
      to={`/tasks/${task.id}`}
      className={`${styles.taskCard} ${styles[`card_${task.light}`] ?? ''}`}
      data-task={task.id}
    >
      <div className={styles.cardHead}>
        <LightDot light={task.light} />
        <TaskStatusTag status={task.status} />
        <ListedMark listed={task.listed} />
      </div>
      <div className={styles.cardTitle}>{task.title}</div>
      <div className={styles.cardFacts}>
        <span>
          {t('tasks.colon', { label: t('tasks.field.due') })}
          <DueText task={task} />
        </span>
        <span>
          {t('tasks.colon', { label: t('tasks.field.leadUnit') })}
          {task.leadUnit.name}
        </span>
        {task.progress !== null && <span>{t('tasks.timeline.progress', { progress: task.progress })}</span>}
      </div>
    </Link>
  );
}
