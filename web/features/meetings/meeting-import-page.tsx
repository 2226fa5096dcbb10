// Importing a meeting report: paste or upload, parse (a preview, nothing stored), check every change the
// normaliser made, decide on garbled text, correct the meeting's facts, then save it as a draft to review.
import { ArrowLeftOutlined, FileSearchOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Grid,
  Input,
  Popover,
  Progress,
  Radio,
  Select,
  Space,
  Tabs,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MeetingKind, MeetingPreview, Person } from '../../../shared/contracts/meetings.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, formatMeetingDate, formatServerText } from '../../lib/format.ts';
import { meetingKinds, type ReportSource, useImportMeeting, useParseReport } from './api.ts';
import { DirectiveCard } from './directive-card.tsx';
import { isAfterToday, MeetingDateInput, notAfterTodayRule } from './meeting-date-input.tsx';
import { PeopleTags } from './meeting-tags.tsx';
import styles from './meetings.module.css';
import { ReportCompare } from './report-compare.tsx';
import { CleanText } from './report-text.tsx';
import { GarbledInContext } from './unreadable-list.tsx';

type Fields = { title: string; date: string | null; kind: MeetingKind };
type People = { chair: Person[]; speakers: Person[]; attendees: Person[] };
type PeopleRole = keyof People;

const peopleRoles: PeopleRole[] = ['chair', 'speakers', 'attendees'];

function PersonAdder({ onAdd }: { onAdd: (person: Person) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [post, setPost] = useState('');
  const add = () => {
    if (!name.trim()) return;
    onAdd({ name: name.trim(), post: post.trim() || null });
    setName('');
    setPost('');
    setOpen(false);
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      content={
        <Space orientation="vertical" size={8}>
          <Input
            aria-label={t('meetings.importPage.personName')}
            placeholder={t('meetings.importPage.personName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onPressEnter={add}
          />
          <Input
            aria-label={t('meetings.importPage.personPost')}
            placeholder={t('meetings.importPage.personPost')}
            value={post}
            onChange={(e) => setPost(e.target.value)}
            onPressEnter={add}
          />
          <Button type="primary" size="small" block disabled={!name.trim()} onClick={add}>
            {t('meetings.importPage.addPerson')}
          </Button>
        </Space>
      }
    >
      <Button size="small" type="dashed" icon={<PlusOutlined />}>
        {t('meetings.importPage.addPerson')}
      </Button>
    </Popover>
  );
}

export function MeetingImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const parseReport = useParseReport();
  const importMeeting = useImportMeeting();
  const [mode, setMode] = useState<'paste' | 'upload'>('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const [publishedAt, setPublishedAt] = useState<Dayjs | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const [parsed, setParsed] = useState<{
    result: MeetingPreview;
    source: ReportSource;
    publishedAt?: string;
  } | null>(null);
  const [decisions, setDecisions] = useState<Map<number, boolean>>(new Map());
  const [people, setPeople] = useState<People>({ chair: [], speakers: [], attendees: [] });
  const [peopleChanged, setPeopleChanged] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const [phoneTab, setPhoneTab] = useState<'clean' | 'original'>('clean');
  const [form] = Form.useForm<Fields>();

  const run = (source: ReportSource) => {
    const published = publishedAt?.format('YYYY-MM-DD');
    setInputError(null);
    setProgress(0);
    parseReport.mutate(
      { source, publishedAt: published, onProgress: setProgress },
      {
        onSuccess: (result) => {
          setParsed({ result, source, publishedAt: published });
          setDecisions(new Map());
          setShown(null);
          setPeople({
            chair: result.meeting.chair,
            speakers: result.meeting.speakers,
            attendees: result.meeting.attendees,
          });
          setPeopleChanged(false);
          form.setFieldsValue({
            title: result.meeting.title ?? '',
            date: result.meeting.date,
            kind: result.meeting.kind ?? 'other',
          });
        },
        onError: () => setParsed(null),
      },
    );
  };

  const parse = () => {
    if (mode === 'paste') {
      if (!text.trim()) return setInputError(t('meetings.importPage.textRequired'));
      run({ text });
    } else {
      if (!file) return setInputError(t('meetings.importPage.textRequired'));
      run({ file });
    }
  };

  const result = parsed?.result;
  const undecided = result
    ? result.unreadable.filter((u) => u.suggestion && !decisions.has(u.start)).length
    : 0;

  const save = async () => {
    if (!parsed || !result) return;
    let fields: Fields;
    try {
      fields = await form.validateFields();
    } catch (err) {
      // The fields sit a screen above the save button: take the user to the first one that is wrong.
      const first = (err as { errorFields?: { name: (string | number)[]; errors: string[] }[] })
        .errorFields?.[0];
      if (first) {
        form.scrollToField(first.name, { block: 'center', focus: true });
        message.error(t('meetings.importPage.fixFields', { error: first.errors[0] ?? '' }));
      }
      return;
    }
    // Corrected people go with the import itself, which only the JSON form takes: a file is then sent as the
    // text the preview read from it (the same text, so the same positions for the garbled spans).
    const source = peopleChanged && 'file' in parsed.source ? { text: result.original } : parsed.source;
    importMeeting.mutate(
      {
        source,
        options: {
          publishedAt: parsed.publishedAt,
          title: fields.title.trim(),
          date: fields.date ?? undefined,
          kind: fields.kind,
          unreadable: [...decisions].map(([start, accept]) => ({ start, accept })),
          ...(peopleChanged ? people : {}),
        },
      },
      {
        onSuccess: ({ meeting, duplicates }) => {
          message.success(t('meetings.importPage.saved', { title: meeting.title }));
          if (duplicates.length)
            message.warning(
              t('meetings.importPage.savedDuplicate', { ids: duplicates.map((m) => m.id).join('、') }),
            );
          navigate(`/meetings/${meeting.id}`);
        },
        onError: (err) => message.error(errorMessage(err)),
      },
    );
  };

  const setRole = (role: PeopleRole, list: Person[]) => {
    setPeople((current) => ({ ...current, [role]: list }));
    setPeopleChanged(true);
  };

  const highlight =
    result && shown !== null && result.directives[shown]
      ? { start: result.directives[shown]!.start, end: result.directives[shown]!.end }
      : null;

  const showDirective = (index: number) => {
    setShown(index);
    if (!screens.lg) setPhoneTab('clean');
  };

  const inputCard = (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('meetings.importPage.back')}
            onClick={() => navigate('/meetings')}
          />
          {t('meetings.importPage.title')}
        </Space>
      }
    >
      <Tabs
        activeKey={mode}
        onChange={(key) => {
          setMode(key as 'paste' | 'upload');
          setInputError(null);
        }}
        items={[
          {
            key: 'paste',
            label: t('meetings.importPage.paste'),
            children: (
              <Input.TextArea
                aria-label={t('meetings.importPage.textLabel')}
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setInputError(null);
                }}
                placeholder={t('meetings.importPage.pastePlaceholder')}
                autoSize={{ minRows: parsed ? 4 : 10, maxRows: 16 }}
              />
            ),
          },
          {
            key: 'upload',
            label: t('meetings.importPage.upload'),
            children: (
              <>
                <Upload.Dragger
                  accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                  multiple={false}
                  showUploadList={false}
                  disabled={parseReport.isPending}
                  beforeUpload={(chosen) => {
                    setFile(chosen);
                    run({ file: chosen });
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('meetings.importPage.uploadDrop')}</p>
                  <p className="ant-upload-hint">{t('meetings.importPage.uploadFormats')}</p>
                </Upload.Dragger>
                {file && (
                  <div style={{ marginTop: 12 }}>
                    <Typography.Text>{file.name}</Typography.Text>
                    <Progress
                      percent={parseReport.isPending ? Math.min(progress, 99) : parseReport.isIdle ? 0 : 100}
                      status={
                        parseReport.isError ? 'exception' : parseReport.isPending ? 'active' : undefined
                      }
                    />
                    {parseReport.isPending && progress === 100 && (
                      <Typography.Text type="secondary">{t('meetings.importPage.uploaded')}</Typography.Text>
                    )}
                  </div>
                )}
              </>
            ),
          },
        ]}
      />
      <Space wrap align="end" style={{ marginTop: 12 }}>
        <Space orientation="vertical" size={2}>
          <label htmlFor="meeting-published-at">{t('meetings.importPage.publishedAt')}</label>
          <DatePicker
            id="meeting-published-at"
            value={publishedAt}
            onChange={setPublishedAt}
            disabledDate={isAfterToday}
          />
        </Space>
        <Button type="primary" icon={<FileSearchOutlined />} loading={parseReport.isPending} onClick={parse}>
          {parsed ? t('meetings.importPage.reparse') : t('meetings.importPage.parse')}
        </Button>
      </Space>
      <div className={styles.muted} style={{ marginTop: 4 }}>
        {t('meetings.importPage.publishedAtHint')}
      </div>
      {inputError && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={inputError} />}
      {parseReport.isError && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('meetings.importPage.parseFailed')}
          description={errorMessage(parseReport.error)}
        />
      )}
    </Card>
  );

  if (!result) {
    return (
      <Space orientation="vertical" size={16} className={styles.fullWidth}>
        {inputCard}
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size={16} className={styles.fullWidth}>
      {inputCard}
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('meetings.importPage.previewTitle')}
      </Typography.Title>
      {result.duplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-duplicates
          title={t('meetings.importPage.duplicatesTitle', { count: result.duplicates.length })}
          description={
            <>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {result.duplicates.map((m) => (
                  <li key={m.id}>
                    {/* A new tab, so the preview and the user's decisions here are not lost. */}
                    <Typography.Link href={`/meetings/${m.id}`} target="_blank" rel="noopener">
                      {m.title}
                    </Typography.Link>
                    {t('meetings.importPage.duplicateFacts', {
                      date: formatMeetingDate(m.dateText),
                      region: m.regionName,
                      status: t(`meetings.status.${m.status}`),
                      createdAt: formatDateTime(m.createdAt),
                    })}
                  </li>
                ))}
              </ul>
              <Typography.Text type="secondary">{t('meetings.importPage.duplicatesHelp')}</Typography.Text>
            </>
          }
        />
      )}
      {result.warnings.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('meetings.warnings')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {result.warnings.map((w) => (
                <li key={w}>{formatServerText(w)}</li>
              ))}
            </ul>
          }
        />
      )}

      <Card title={t('meetings.importPage.fieldsTitle')}>
        <Form<Fields> form={form} layout="vertical">
          <Form.Item
            name="title"
            label={t('meetings.name')}
            rules={[
              { required: true, whitespace: true, message: t('meetings.importPage.titleRequired') },
              { max: 200, message: t('validation.maxLength', { max: 200 }) },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="date" label={t('meetings.date')} rules={[notAfterTodayRule(t)]}>
            <MeetingDateInput defaultYear={publishedAt?.year()} />
          </Form.Item>
          <Form.Item name="kind" label={t('meetings.kindLabel')}>
            <Select
              style={{ maxWidth: 240 }}
              options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
            />
          </Form.Item>
          {peopleRoles.map((role) => (
            <Form.Item key={role} label={t(`meetings.${role}`)}>
              <Space wrap size={6}>
                <PeopleTags
                  people={people[role]}
                  onRemove={(index) =>
                    setRole(
                      role,
                      people[role].filter((_, i) => i !== index),
                    )
                  }
                />
                <PersonAdder onAdd={(person) => setRole(role, [...people[role], person])} />
              </Space>
            </Form.Item>
          ))}
          <Typography.Text type="secondary" className={styles.muted}>
            {t('meetings.importPage.peopleNote')}
          </Typography.Text>
        </Form>
      </Card>

      <Card title={t('meetings.importPage.textsTitle')}>
        <ReportCompare
          original={result.original}
          edits={result.edits}
          phoneTab={phoneTab}
          onPhoneTabChange={setPhoneTab}
          clean={
            <CleanText
              text={result.text}
              highlight={highlight}
              previewSuggestions
              unreadable={result.unreadable.map((u) => ({
                ...u,
                resolution: !decisions.has(u.start)
                  ? 'pending'
                  : decisions.get(u.start)
                    ? 'accepted'
                    : 'rejected',
              }))}
            />
          }
        />
      </Card>

      {result.unreadable.length > 0 && (
        <Card title={t('meetings.unreadable.title')}>
          <Typography.Paragraph type="secondary">{t('meetings.unreadable.help')}</Typography.Paragraph>
          {result.unreadable.map((span) => {
            const decision = decisions.get(span.start);
            return (
              <div key={span.start} className={styles.unreadableRow} data-unreadable-row={span.start}>
                <GarbledInContext text={result.text} span={span} />
                {span.suggestion ? (
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    size="small"
                    value={decision === undefined ? undefined : decision ? 'accept' : 'reject'}
                    onChange={(e) =>
                      setDecisions((current) => new Map(current).set(span.start, e.target.value === 'accept'))
                    }
                    options={[
                      { value: 'accept', label: t('meetings.unreadable.accept') },
                      { value: 'reject', label: t('meetings.unreadable.reject') },
                    ]}
                  />
                ) : (
                  <Typography.Text type="warning">{t('meetings.unreadable.noSuggestion')}</Typography.Text>
                )}
              </div>
            );
          })}
        </Card>
      )}

      <Card title={t('meetings.importPage.directivesTitle', { count: result.directives.length })}>
        {result.directives.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.importPage.noDirectives')} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('meetings.importPage.directivesHelp')}
            </Typography.Paragraph>
            <div className={styles.directives}>
              {result.directives.map((d, i) => (
                <DirectiveCard
                  key={`${d.start}-${d.end}`}
                  seq={i + 1}
                  directive={d}
                  selected={shown === i}
                  onShow={() => showDirective(i)}
                />
              ))}
            </div>
          </>
        )}
      </Card>

      <div className={styles.actionBar}>
        {undecided > 0 && (
          <Typography.Text type="warning" className={styles.actionBarNote}>
            {t('meetings.importPage.undecidedNote', { count: undecided })}
          </Typography.Text>
        )}
        <Button onClick={() => navigate('/meetings')}>{t('common.cancel')}</Button>
        <Button type="primary" loading={importMeeting.isPending} onClick={save}>
          {t('meetings.importPage.save')}
        </Button>
      </div>
    </Space>
  );
}
