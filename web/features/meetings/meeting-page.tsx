// One meeting: its facts, the review of its directives (accept, drop, edit, merge, split, add) beside the clean
// text they came from, and the original with every change marked. Reviewed meetings are read-only until reopened.
import {
  ArrowLeftOutlined,
  CheckOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Grid,
  Popconfirm,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  type Directive,
  type DirectiveCategory,
  type DirectiveStatus,
  garbledSpansIn,
  type Meeting,
  type StoredUnreadableSpan,
} from '../../../shared/contracts/meetings.ts';
import { ApiError, type ErrorDetail } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime, formatMeetingDate, formatServerText } from '../../lib/format.ts';
import { RecordPageFallback } from '../../lib/record-page.tsx';
import { can, useCurrentUser } from '../auth/api.ts';
import {
  directiveCategories,
  directivesExportUrl,
  useAcceptAll,
  useDecideUnreadable,
  useDeleteMeeting,
  useMeeting,
  useMergeDirectives,
  useReviewMeeting,
  useUpdateDirective,
  useUpdateMeeting,
} from './api.ts';
import { DirectiveCard } from './directive-card.tsx';
import { DirectiveFormModal, SplitDirectiveModal } from './directive-modals.tsx';
import { MeetingFormDrawer } from './meeting-form-drawer.tsx';
import { MeetingStatusTag, PeopleTags } from './meeting-tags.tsx';
import styles from './meetings.module.css';
import { ReportCompare } from './report-compare.tsx';
import { CleanText } from './report-text.tsx';
import { useTaskConversion } from './task-conversion.tsx';
import { UnreadableList } from './unreadable-list.tsx';

type Span = { start: number; end: number };
type Editing = { directive: Directive } | { add: true; span: (Span & { text: string }) | null } | null;
/** Why the server refused to finish the review: directives still undecided, or accepted ones holding garbled text. */
type Pending = { kind: 'undecided' | 'garbled'; message: string; details: ErrorDetail[] } | null;

export function MeetingPage() {
  const { id } = useParams();
  const meetingId = Number(id);
  const { t } = useTranslation();
  const meeting = useMeeting(meetingId);
  if (!meeting.data)
    return (
      <RecordPageFallback
        id={meetingId}
        query={meeting}
        notFoundTitle={t('meetings.detail.notFoundTitle')}
        backTo="/meetings"
        backLabel={t('meetings.importPage.back')}
      />
    );
  return <MeetingView meeting={meeting.data} />;
}

function MeetingView({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const mayWrite = can(me, 'meetings:write');
  const writable = mayWrite && meeting.status === 'draft';
  const review = useReviewMeeting(meeting.id);
  const updateMeeting = useUpdateMeeting();
  const deleteMeeting = useDeleteMeeting();
  const updateDirective = useUpdateDirective(meeting.id);
  const merge = useMergeDirectives(meeting.id);
  const acceptAll = useAcceptAll(meeting.id);
  const decide = useDecideUnreadable(meeting.id);
  const [tab, setTab] = useState<'directives' | 'text'>('directives');
  const [textTab, setTextTab] = useState<'clean' | 'original'>('clean');
  const [shownId, setShownId] = useState<number | null>(null);
  const [checked, setChecked] = useState<number[]>([]);
  const [pending, setPending] = useState<Pending>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [splitting, setSplitting] = useState<Directive | null>(null);
  const [editingMeeting, setEditingMeeting] = useState(false);
  const [selection, setSelection] = useState<Span | null>(null);
  const toTask = useTaskConversion(meeting);

  const directives = meeting.directives;
  const shown = directives.find((d) => d.id === shownId) ?? null;
  const highlight =
    shown && shown.spanStart !== null && shown.spanEnd !== null
      ? { start: shown.spanStart, end: shown.spanEnd }
      : null;
  const count = (status: DirectiveStatus) => directives.filter((d) => d.status === status).length;
  const proposed = directives.filter((d) => d.status === 'proposed');
  const pendingIds = new Set(
    (pending?.details ?? [])
      .map((d) => /^directives\.(\d+)$/.exec(d.field ?? '')?.[1])
      .filter(Boolean)
      .map(Number),
  );
  // The server keeps these current: the missing year and the garbled-text count follow the meeting as it stands.
  const { warnings } = meeting;

  const show = (directive: Directive) => {
    setShownId(directive.id);
    // Without the side-by-side text, the text tab shows where it came from.
    if (!screens.lg && directive.spanStart !== null) {
      setTab('text');
      setTextTab('clean');
    }
  };

  /** Points at a directive named elsewhere on the page (a refusal, a garbled span): selected and in view. */
  const reveal = (directive: Directive) => {
    setTab('directives');
    setShownId(directive.id);
    requestAnimationFrame(() =>
      document
        .querySelector(`[data-directive="${directive.seq}"]`)
        ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
    );
  };

  const decideUnreadable = (span: StoredUnreadableSpan, accept: boolean) =>
    decide.mutate(
      { start: span.start, accept },
      {
        onSuccess: () => {
          // The directives that held the garble changed with the text; a refusal about them is out of date.
          if (accept) setPending(null);
          message.success(
            accept
              ? t('meetings.unreadable.acceptedDone', { suggestion: span.suggestion ?? '' })
              : t('meetings.unreadable.keptDone', { raw: span.raw }),
          );
        },
        onError: (err) => message.error(errorMessage(err)),
      },
    );

  const setStatus = (directive: Directive, status: DirectiveStatus) =>
    updateDirective.mutate(
      { id: directive.id, status },
      {
        onSuccess: () => {
          const key = { accepted: 'accepted', dropped: 'dropped', proposed: 'restored' }[status];
          message.success(t(`meetings.directive.${key}`, { seq: directive.seq }));
        },
        onError: (err) => message.error(errorMessage(err)),
      },
    );

  const setCategory = (directive: Directive, category: DirectiveCategory) =>
    updateDirective.mutate(
      { id: directive.id, category },
      {
        onSuccess: () => message.success(t('meetings.directive.saved', { seq: directive.seq })),
        onError: (err) => message.error(errorMessage(err)),
      },
    );

  const mergeIds = (ids: number[]) =>
    merge.mutate(ids, {
      onSuccess: (merged) => {
        message.success(t('meetings.directive.merged'));
        setChecked([]);
        setShownId(merged.id);
      },
      onError: (err) => message.error(errorMessage(err)),
    });

  const finishReview = () =>
    review.mutate(undefined, {
      onSuccess: () => {
        setPending(null);
        message.success(t('meetings.detail.reviewed'));
      },
      onError: (err) => {
        if (err instanceof ApiError && err.details.some((d) => d.field?.startsWith('directives.'))) {
          // 409: every directive is decided, but accepted ones still hold garbled text.
          setPending({
            kind: err.status === 409 ? 'garbled' : 'undecided',
            message: err.message,
            details: err.details,
          });
          setTab('directives');
        } else {
          message.error(errorMessage(err));
        }
      },
    });

  const acceptRemaining = () => {
    const remaining = proposed.length;
    acceptAll.mutate(undefined, {
      onSuccess: () => {
        setPending(null);
        message.success(t('meetings.detail.acceptedAll', { count: remaining }));
      },
      onError: (err) => message.error(errorMessage(err)),
    });
  };

  const reopen = () =>
    updateMeeting.mutate(
      { id: meeting.id, status: 'draft' },
      {
        onSuccess: () => message.success(t('meetings.detail.reopened')),
        onError: (err) => message.error(errorMessage(err)),
      },
    );

  const remove = () =>
    deleteMeeting.mutate(meeting.id, {
      onSuccess: () => {
        message.success(t('meetings.detail.deleted', { title: meeting.title }));
        navigate('/meetings', { replace: true });
      },
      onError: (err) => message.error(errorMessage(err)),
    });

  const addFromSelection = () => {
    if (!selection) return;
    setEditing({
      add: true,
      span: { ...selection, text: meeting.cleanText.slice(selection.start, selection.end).trim() },
    });
  };

  const cleanText = (
    <CleanText
      text={meeting.cleanText}
      highlight={highlight}
      unreadable={meeting.unreadable}
      onSelect={writable ? setSelection : undefined}
    />
  );
  const selectionBar = writable ? (
    <div className={styles.legend}>
      {selection ? (
        <Button size="small" type="primary" icon={<PlusOutlined />} onClick={addFromSelection}>
          {t('meetings.text.addFromSelection', { count: selection.end - selection.start })}
        </Button>
      ) : (
        <Typography.Text type="secondary" className={styles.muted}>
          {t('meetings.text.selectHint')}
        </Typography.Text>
      )}
    </div>
  ) : null;

  const checkedSorted = directives.filter((d) => checked.includes(d.id));

  const directiveList =
    directives.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.detail.noDirectives')} />
    ) : (
      <div className={styles.directives}>
        {directives.map((d, i) => {
          const next = directives[i + 1];
          return (
            <DirectiveCard
              key={d.id}
              seq={d.seq}
              directive={d}
              selected={shownId === d.id}
              pending={pendingIds.has(d.id)}
              onShow={() => show(d)}
              leading={
                writable ? (
                  <Checkbox
                    aria-label={`${t('meetings.detail.select')} ${d.seq}`}
                    checked={checked.includes(d.id)}
                    onChange={(e) =>
                      setChecked((current) =>
                        e.target.checked ? [...current, d.id] : current.filter((x) => x !== d.id),
                      )
                    }
                  />
                ) : (
                  toTask.checkbox(d)
                )
              }
              tasks={toTask.tags(d)}
              category={
                writable ? (
                  <Select<DirectiveCategory>
                    size="small"
                    aria-label={t('meetings.directive.category')}
                    value={d.category}
                    onChange={(category) => setCategory(d, category)}
                    style={{ width: 104 }}
                    options={directiveCategories.map((c) => ({
                      value: c,
                      label: t(`meetings.category.${c}`),
                    }))}
                  />
                ) : undefined
              }
              note={
                <>
                  {garbledSpansIn(d, meeting.cleanText, meeting.unreadable).length > 0 && (
                    <Tag color="red" data-garbled>
                      {t('meetings.directive.garbled')}
                    </Tag>
                  )}
                  {d.spanStart === null && (
                    <Typography.Text type="secondary" className={styles.muted}>
                      {t('meetings.detail.unlinked')}
                    </Typography.Text>
                  )}
                </>
              }
              actions={
                writable ? (
                  <>
                    {d.status !== 'accepted' && (
                      <Button size="small" type="link" onClick={() => setStatus(d, 'accepted')}>
                        {t('meetings.directive.accept')}
                      </Button>
                    )}
                    {d.status !== 'dropped' && (
                      <Button size="small" type="link" danger onClick={() => setStatus(d, 'dropped')}>
                        {t('meetings.directive.drop')}
                      </Button>
                    )}
                    {d.status !== 'proposed' && (
                      <Button size="small" type="link" onClick={() => setStatus(d, 'proposed')}>
                        {t('meetings.directive.restore')}
                      </Button>
                    )}
                    <Button size="small" type="link" onClick={() => setEditing({ directive: d })}>
                      {t('meetings.directive.edit')}
                    </Button>
                    {next && (
                      <Popconfirm
                        title={t('meetings.directive.mergeNextConfirm', { seq: d.seq, next: next.seq })}
                        onConfirm={() => mergeIds([d.id, next.id])}
                      >
                        <Button size="small" type="link">
                          {t('meetings.directive.mergeNext')}
                        </Button>
                      </Popconfirm>
                    )}
                    <Button size="small" type="link" onClick={() => setSplitting(d)}>
                      {t('meetings.directive.split')}
                    </Button>
                  </>
                ) : undefined
              }
            />
          );
        })}
      </div>
    );

  const directivesTab = (
    <Space orientation="vertical" size={12} className={styles.fullWidth}>
      <Space wrap size={8}>
        <Tag color="orange">{t('meetings.detail.pendingCount', { count: count('proposed') })}</Tag>
        <Tag color="green">{t('meetings.detail.acceptedCount', { count: count('accepted') })}</Tag>
        <Tag>{t('meetings.detail.droppedCount', { count: count('dropped') })}</Tag>
        {writable && (
          <>
            <Popconfirm
              title={t('meetings.detail.acceptAllConfirm', { count: proposed.length })}
              onConfirm={acceptRemaining}
              disabled={proposed.length === 0}
            >
              <Button
                size="small"
                icon={<CheckOutlined />}
                disabled={proposed.length === 0}
                loading={acceptAll.isPending}
              >
                {t('meetings.detail.acceptAll')}
              </Button>
            </Popconfirm>
            {checked.length >= 2 && (
              <>
                <Button
                  size="small"
                  onClick={() => mergeIds(checkedSorted.map((d) => d.id))}
                  loading={merge.isPending}
                >
                  {t('meetings.detail.mergeSelected', { count: checked.length })}
                </Button>
                <Button size="small" type="text" onClick={() => setChecked([])}>
                  {t('meetings.detail.clearSelection')}
                </Button>
              </>
            )}
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ add: true, span: null })}
            >
              {t('meetings.detail.add')}
            </Button>
          </>
        )}
      </Space>
      {toTask.bar}
      {pending && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setPending(null) }}
          title={
            pending.kind === 'garbled'
              ? t('meetings.detail.garbledTitle', { count: pending.details.length })
              : t('meetings.detail.pendingTitle', { count: pending.details.length })
          }
          description={
            <>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {pending.details.map((detail) => {
                  const directive = directives.find((d) => `directives.${d.id}` === detail.field);
                  return (
                    <li key={detail.field ?? detail.message}>
                      {directive ? (
                        <Typography.Link onClick={() => reveal(directive)}>
                          {formatServerText(detail.message)}
                        </Typography.Link>
                      ) : (
                        formatServerText(detail.message)
                      )}
                    </li>
                  );
                })}
              </ul>
              {pending.kind === 'garbled' && <div>{t('meetings.detail.garbledHelp')}</div>}
            </>
          }
        />
      )}
      {writable && (
        <UnreadableList
          meeting={meeting}
          deciding={decide.isPending}
          onDecide={decideUnreadable}
          onShowDirective={reveal}
        />
      )}
      {screens.lg ? (
        <div className={styles.reviewGrid}>
          <div>{directiveList}</div>
          <div className={styles.stickyPane}>
            <div className={styles.paneTitle}>{t('meetings.text.clean')}</div>
            {selectionBar}
            {cleanText}
          </div>
        </div>
      ) : (
        directiveList
      )}
    </Space>
  );

  const people = [
    { key: 'chair', label: t('meetings.chair'), list: meeting.chair },
    { key: 'speakers', label: t('meetings.speakers'), list: meeting.speakers },
    { key: 'attendees', label: t('meetings.attendees'), list: meeting.attendees },
  ];

  return (
    <Space orientation="vertical" size={16} className={styles.fullWidth}>
      <Card>
        <div className={styles.headline}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('meetings.detail.back')}
            onClick={() => navigate('/meetings')}
          />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {meeting.title}
          </Typography.Title>
          <MeetingStatusTag status={meeting.status} />
        </div>
        <Descriptions
          className={styles.facts}
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'date', label: t('meetings.date'), children: formatMeetingDate(meeting.dateText) },
            { key: 'kind', label: t('meetings.kindLabel'), children: t(`meetings.kind.${meeting.kind}`) },
            { key: 'region', label: t('meetings.region'), children: meeting.regionName },
            {
              key: 'venues',
              label: t('meetings.detail.venues'),
              children:
                [meeting.venues.main, ...meeting.venues.branches].filter(Boolean).length > 0
                  ? [
                      meeting.venues.main && `${t('meetings.venueMain')}：${meeting.venues.main}`,
                      meeting.venues.branches.length > 0 &&
                        `${t('meetings.venueBranches')}：${meeting.venues.branches.join('、')}`,
                    ]
                      .filter(Boolean)
                      .join('；')
                  : '—',
            },
            ...people.map((p) => ({ key: p.key, label: p.label, children: <PeopleTags people={p.list} /> })),
            {
              key: 'conveyed',
              label: t('meetings.conveyed'),
              span: { xs: 1, sm: 2, lg: 3 },
              children: meeting.conveyed.length ? meeting.conveyed.join('；') : '—',
            },
            {
              key: 'published',
              label: t('meetings.publishedOn'),
              children: meeting.publishedOn ? formatDate(`${meeting.publishedOn}T12:00:00+08:00`) : '—',
            },
            { key: 'createdBy', label: t('meetings.createdBy'), children: meeting.createdByName ?? '—' },
            { key: 'updated', label: t('meetings.updatedAt'), children: formatDateTime(meeting.updatedAt) },
          ]}
        />
        {meeting.status === 'reviewed' && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            title={mayWrite ? t('meetings.detail.readOnlyReviewed') : t('meetings.detail.reviewed')}
          />
        )}
        {!mayWrite && meeting.status === 'draft' && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('meetings.detail.readOnlyRole')} />
        )}
        {warnings.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('meetings.warnings')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {warnings.map((w) => (
                  <li key={w}>{formatServerText(w)}</li>
                ))}
              </ul>
            }
          />
        )}
        <div className={styles.headerToolbar}>
          <Space wrap size={8}>
            {writable && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={review.isPending}
                onClick={finishReview}
              >
                {t('meetings.detail.review')}
              </Button>
            )}
            {mayWrite && meeting.status === 'reviewed' && (
              <Popconfirm title={t('meetings.detail.reopenConfirm')} onConfirm={reopen}>
                <Button icon={<RollbackOutlined />} loading={updateMeeting.isPending}>
                  {t('meetings.detail.reopen')}
                </Button>
              </Popconfirm>
            )}
            {mayWrite && (
              <Button icon={<EditOutlined />} onClick={() => setEditingMeeting(true)}>
                {t('meetings.detail.edit')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={directivesExportUrl(meeting.id)}>
              {t('meetings.detail.exportDirectives')}
            </Button>
            {mayWrite && (
              <Popconfirm
                title={t('meetings.detail.deleteConfirm', { title: meeting.title })}
                okText={t('common.delete')}
                okButtonProps={{ danger: true }}
                onConfirm={remove}
              >
                <Button danger icon={<DeleteOutlined />}>
                  {t('meetings.detail.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </div>
      </Card>

      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as 'directives' | 'text')}
          items={[
            {
              key: 'directives',
              label: t('meetings.detail.tabDirectives', { count: directives.length }),
              children: directivesTab,
            },
            {
              key: 'text',
              label: t('meetings.text.tab'),
              children: meeting.cleanText ? (
                <ReportCompare
                  original={meeting.originalText}
                  edits={meeting.edits}
                  clean={cleanText}
                  cleanExtra={selectionBar}
                  phoneTab={textTab}
                  onPhoneTabChange={setTextTab}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.text.empty')} />
              ),
            },
          ]}
        />
      </Card>

      {editing && (
        <DirectiveFormModal
          meetingId={meeting.id}
          directive={'directive' in editing ? editing.directive : null}
          span={'add' in editing ? editing.span : null}
          onClose={() => {
            setEditing(null);
            setSelection(null);
          }}
        />
      )}
      {splitting && (
        <SplitDirectiveModal
          meetingId={meeting.id}
          directive={splitting}
          onClose={() => setSplitting(null)}
        />
      )}
      {editingMeeting && <MeetingFormDrawer meeting={meeting} onClose={() => setEditingMeeting(false)} />}
      {toTask.drawer}
    </Space>
  );
}
