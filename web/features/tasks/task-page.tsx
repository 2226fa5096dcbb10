// One task: its facts and deadlines, the units working on it, where it came from, its reports with their files,
// its history, and the actions this user may take now (exactly the server's allowedEvents, nothing derived here).
import { ArrowLeftOutlined, FileOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Image,
  Progress,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type {
  Assignment,
  Attachment,
  Task,
  TaskEventType,
  TaskReport,
} from '../../../shared/contracts/tasks.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { RecordPageFallback } from '../../lib/record-page.tsx';
import { attachmentUrl, useTask } from './api.ts';
import { dangerEvents, TaskEventModal } from './task-event-modal.tsx';
import {
  DueText,
  formatDue,
  LightDot,
  ListedMark,
  PriorityTag,
  TaskCategoryTag,
  TaskStatusTag,
} from './task-labels.tsx';
import { TaskTimeline } from './task-timeline.tsx';
import styles from './tasks.module.css';

/** The order actions are offered in: the one that moves the work on first, undoing ones last. */
const eventOrder: readonly TaskEventType[] = [
  'assign',
  'sign',
  'report',
  'submit',
  'complete',
  'return',
  'approve_extension',
  'refuse_extension',
  'reassign',
  'insist',
  'request_extension',
  'remind',
  'list',
  'unlist',
  'decline',
  'cancel',
];
const mainEvents: readonly TaskEventType[] = ['assign', 'sign', 'submit', 'complete'];

export function TaskPage() {
  const { id } = useParams();
  const taskId = Number(id);
  const { t } = useTranslation();
  const task = useTask(taskId);
  if (!task.data)
    return (
      <RecordPageFallback
        id={taskId}
        query={task}
        notFoundTitle={t('tasks.detail.notFoundTitle')}
        backTo="/tasks"
        backLabel={t('tasks.detail.back')}
      />
    );
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: Task }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [acting, setActing] = useState<TaskEventType | null>(null);
  const actions = eventOrder.filter((e) => task.allowedEvents.includes(e));
  const extended = task.originalDueAt !== null && task.originalDueAt !== task.dueAt;

  const deadline = task.cadence ? (
    <DueText task={task} />
  ) : extended ? (
    <span className={styles.due}>
      <span>{t('tasks.detail.extendedTo', { date: formatDue(task.dueAt) })}</span>
      <span className={styles.muted}>
        {t('tasks.detail.originalDue', { date: formatDue(task.originalDueAt) })}
      </span>
    </span>
  ) : (
    formatDue(task.dueAt)
  );

  const facts = [
    {
      key: 'due',
      label: task.cadence ? t('tasks.field.cadence') : t('tasks.field.dueAt'),
      children: deadline,
    },
    ...(task.cadence && task.endsOn
      ? [
          {
            key: 'endsOn',
            label: t('tasks.field.endsOn'),
            children: formatDue(`${task.endsOn}T12:00:00+08:00`),
          },
        ]
      : []),
    { key: 'region', label: t('tasks.field.region'), children: task.regionName },
    { key: 'lead', label: t('tasks.field.leadUnit'), children: task.leadUnit.name },
    {
      key: 'category',
      label: t('tasks.field.category'),
      children: <TaskCategoryTag category={task.category} />,
    },
    {
      key: 'responsibility',
      label: t('tasks.field.responsibility'),
      children: t(`tasks.responsibility.${task.responsibility}`),
    },
    { key: 'priority', label: t('tasks.field.priority'), children: <PriorityTag priority={task.priority} /> },
    {
      key: 'progress',
      label: t('tasks.field.progress'),
      children: task.progress === null ? '—' : `${task.progress}%`,
    },
    ...(task.supervisor
      ? [{ key: 'supervisor', label: t('tasks.field.supervisor'), children: task.supervisor.displayName }]
      : []),
    ...(task.escalatedTo
      ? [{ key: 'escalated', label: t('tasks.field.escalatedTo'), children: task.escalatedTo.name }]
      : []),
    ...(task.reminders > 0
      ? [
          {
            key: 'reminders',
            label: t('tasks.field.reminders'),
            children: t('tasks.detail.times', { count: task.reminders }),
          },
        ]
      : []),
    { key: 'assignedAt', label: t('tasks.field.assignedAt'), children: formatDateTime(task.assignedAt) },
    ...(task.submittedAt
      ? [
          {
            key: 'submittedAt',
            label: t('tasks.field.submittedAt'),
            children: formatDateTime(task.submittedAt),
          },
        ]
      : []),
    ...(task.completedAt
      ? [
          {
            key: 'completedAt',
            label: t('tasks.field.completedAt'),
            children: formatDateTime(task.completedAt),
          },
        ]
      : []),
  ];

  // Long texts get whole rows of their own.
  const texts = [
    {
      key: 'description',
      label: t('tasks.field.description'),
      children: <span className={styles.prewrap}>{task.description || '—'}</span>,
    },
    {
      key: 'acceptance',
      label: t('tasks.field.acceptance'),
      children: <span className={styles.prewrap}>{task.acceptance || '—'}</span>,
    },
  ];

  const assignmentColumns: TableColumnsType<Assignment> = [
    { title: t('tasks.field.unit'), key: 'unit', render: (_, a) => a.unit.name },
    {
      title: t('tasks.field.role'),
      dataIndex: 'role',
      render: (role: Assignment['role']) => (
        <Tag color={role === 'lead' ? 'red' : 'default'} className={styles.tag}>
          {t(`tasks.role.${role}`)}
        </Tag>
      ),
    },
    {
      title: t('tasks.field.status'),
      key: 'status',
      render: (_, a) => (
        <Space size={6} wrap>
          <TaskStatusTag status={a.status} />
          <LightDot light={a.light} />
        </Space>
      ),
    },
    {
      title: t('tasks.field.progress'),
      dataIndex: 'progress',
      width: 120,
      render: (v: number | null) => (v === null ? '—' : <Progress percent={v} size="small" />),
    },
    ...(task.assignments.some((a) => a.declinedReason)
      ? [
          {
            title: t('tasks.field.declinedReason'),
            dataIndex: 'declinedReason',
            render: (v: string | null) => v ?? '—',
          },
        ]
      : []),
    {
      title: t('tasks.field.signedAt'),
      dataIndex: 'signedAt',
      render: (v: string | null) => <span className={styles.nowrap}>{formatDateTime(v)}</span>,
    },
  ];

  const actionBar =
    actions.length > 0 ? (
      <div className={styles.actionBar} data-actions>
        {actions.map((event) => (
          <Button
            key={event}
            type={mainEvents.includes(event) ? 'primary' : 'default'}
            danger={dangerEvents.includes(event)}
            onClick={() => setActing(event)}
          >
            {t(`tasks.event.${event}`)}
          </Button>
        ))}
      </div>
    ) : null;

  const origin = (
    <Card title={t('tasks.detail.origin')} size="small">
      <div className={styles.links}>
        {task.parentId && (
          <div className={styles.linkRow}>
            <span className={styles.muted}>{t('tasks.detail.parent')}</span>
            <Link to={`/tasks/${task.parentId}`}>{t('tasks.detail.parentLink', { id: task.parentId })}</Link>
          </div>
        )}
        {task.directives.map((d) => (
          <div key={d.id} className={styles.linkRow}>
            <Link to={`/meetings/${d.meetingId}`}>{t('tasks.detail.directiveLink', { seq: d.seq })}</Link>
            <span>{d.text}</span>
          </div>
        ))}
        {task.meetingId && task.directives.length === 0 && (
          <Link to={`/meetings/${task.meetingId}`}>{t('tasks.detail.meetingLink')}</Link>
        )}
        {task.children.length > 0 && (
          <>
            <div className={styles.muted}>{t('tasks.detail.children', { count: task.children.length })}</div>
            {task.children.map((c) => (
              <div key={c.id} className={styles.linkRow}>
                <LightDot light={c.light} />
                <Link to={`/tasks/${c.id}`}>{c.leadUnit.name}</Link>
                <TaskStatusTag status={c.status} />
              </div>
            ))}
          </>
        )}
      </div>
    </Card>
  );
  const hasOrigin = task.parentId || task.meetingId || task.directives.length || task.children.length;

  // Which event each report came with (报送进展 or 报送办结): the events name their report.
  const reportKinds = new Map(
    task.events.flatMap((e) =>
      typeof e.payload.reportId === 'number' ? [[e.payload.reportId, e.type]] : [],
    ),
  );

  const reports = (
    <Card title={t('tasks.detail.reports', { count: task.reports.length })} size="small">
      {task.reports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.detail.noReports')} />
      ) : (
        <Space orientation="vertical" size={10} className={styles.fullWidth}>
          {[...task.reports].reverse().map((r) => (
            <ReportItem key={r.id} taskId={task.id} report={r} kind={reportKinds.get(r.id)} />
          ))}
        </Space>
      )}
    </Card>
  );

  const timeline = (
    <Card title={t('tasks.detail.timeline')} size="small">
      <TaskTimeline task={task} />
    </Card>
  );

  return (
    <Space orientation="vertical" size={16} className={styles.fullWidth}>
      <Card>
        <div className={styles.headline}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('tasks.detail.back')}
            onClick={() => navigate(-1)}
          />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {task.title}
          </Typography.Title>
        </div>
        <Space size={8} wrap style={{ marginTop: 8 }}>
          <LightDot light={task.light} />
          <TaskStatusTag status={task.status} />
          <ListedMark listed={task.listed} />
        </Space>
        {task.pendingExtension && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('tasks.detail.pendingExtension', { date: formatDue(task.pendingExtension.dueAt) })}
            description={task.pendingExtension.note ?? undefined}
          />
        )}
        <Descriptions className={styles.facts} size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={facts} />
        <Descriptions className={styles.texts} size="small" column={1} items={texts} />
        {actionBar}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size={16} className={styles.fullWidth}>
            <Card title={t('tasks.detail.assignments')} size="small">
              {screens.sm === false ? (
                // A phone reads each unit as a short entry rather than a table scrolled sideways.
                <div className={styles.assignmentList}>
                  {task.assignments.map((a) => (
                    <div key={a.id} className={styles.assignment} data-assignment={a.id}>
                      <div className={styles.cardHead}>
                        <Typography.Text strong>{a.unit.name}</Typography.Text>
                        <Tag color={a.role === 'lead' ? 'red' : 'default'} className={styles.tag}>
                          {t(`tasks.role.${a.role}`)}
                        </Tag>
                        <TaskStatusTag status={a.status} />
                        <LightDot light={a.light} />
                      </div>
                      <div className={styles.cardFacts}>
                        {a.progress !== null && (
                          <span>{t('tasks.timeline.progress', { progress: a.progress })}</span>
                        )}
                        {a.signedAt && (
                          <span>
                            {t('tasks.colon', { label: t('tasks.field.signedAt') })}
                            {formatDateTime(a.signedAt)}
                          </span>
                        )}
                        {a.declinedReason && (
                          <span>
                            {t('tasks.colon', { label: t('tasks.field.declinedReason') })}
                            {a.declinedReason}
                          </span>
                        )}
                      </div>
                    </div>
                  ))}
                </div>
              ) : (
                <Table<Assignment>
                  rowKey="id"
                  size="small"
                  columns={assignmentColumns}
                  dataSource={task.assignments}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                />
              )}
            </Card>
            {!screens.lg && timeline}
            {reports}
            {hasOrigin ? origin : null}
          </Space>
        </Col>
        {screens.lg && <Col lg={9}>{timeline}</Col>}
      </Row>
      {acting && <TaskEventModal task={task} event={acting} onClose={() => setActing(null)} />}
    </Space>
  );
}

function ReportItem({ taskId, report, kind }: { taskId: number; report: TaskReport; kind?: string }) {
  const { t } = useTranslation();
  const images = report.attachments.filter((a) => a.contentType.startsWith('image/'));
  const others = report.attachments.filter((a) => !a.contentType.startsWith('image/'));
  return (
    <div className={styles.report} data-report={report.id}>
      <div className={styles.reportHead}>
        <Typography.Text strong>{report.unit.name}</Typography.Text>
        {kind && (
          <Tag color={kind === 'submit' ? 'cyan' : 'default'} className={styles.tag}>
            {t(`tasks.event.${kind}`, { defaultValue: kind })}
          </Tag>
        )}
        <span className={styles.muted}>
          {report.createdBy.displayName} · {formatDateTime(report.createdAt)}
        </span>
        {report.progress !== null && (
          <Tag color="blue">{t('tasks.timeline.progress', { progress: report.progress })}</Tag>
        )}
        {report.periodStart && (
          <span className={styles.muted}>{t('tasks.timeline.period', { date: report.periodStart })}</span>
        )}
      </div>
      {report.note && <div className={styles.prewrap}>{report.note}</div>}
      {report.figures.length > 0 && (
        <div className={styles.figures}>
          {report.figures.map((f) => (
            <Tag key={`${f.label}-${f.value}`} className={styles.tag}>
              {f.label} <strong>{formatNumber(f.value)}</strong>
              {f.unit ?? ''}
            </Tag>
          ))}
        </div>
      )}
      {images.length > 0 && (
        <Image.PreviewGroup>
          <div className={styles.thumbs}>
            {images.map((a) => (
              <Image
                key={a.id}
                width={72}
                height={72}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                src={attachmentUrl(taskId, a.id)}
                alt={a.fileName}
              />
            ))}
          </div>
        </Image.PreviewGroup>
      )}
      {others.length > 0 && (
        <div className={styles.thumbs}>
          {others.map((a) => (
            <AttachmentLink key={a.id} taskId={taskId} attachment={a} />
          ))}
        </div>
      )}
    </div>
  );
}

function AttachmentLink({ taskId, attachment }: { taskId: number; attachment: Attachment }) {
  const kb = Math.max(1, Math.round(attachment.size / 1024));
  return (
    <Typography.Link href={attachmentUrl(taskId, attachment.id)} download={attachment.fileName}>
      <FileOutlined /> {attachment.fileName} <span className={styles.muted}>({formatNumber(kb)} KB)</span>
    </Typography.Link>
  );
}
