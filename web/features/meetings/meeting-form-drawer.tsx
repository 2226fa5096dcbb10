// Recording a meeting by hand, or editing an existing one's facts: title, date, kind, venues, people, what it conveyed.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Divider, Drawer, Form, Grid, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Meeting, MeetingKind, Person } from '../../../shared/contracts/meetings.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { RegionSelect } from '../../lib/region-select.tsx';
import { can, useCurrentUser } from '../auth/api.ts';
import { meetingKinds, useCreateMeeting, useUpdateMeeting } from './api.ts';
import { MeetingDateInput, notAfterTodayRule } from './meeting-date-input.tsx';
import styles from './meetings.module.css';

type PersonRow = { name?: string; post?: string };

type MeetingForm = {
  title: string;
  date: string | null;
  kind: MeetingKind;
  regionCode: string;
  venueMain?: string;
  venueBranches: string[];
  chair: PersonRow[];
  speakers: PersonRow[];
  attendees: PersonRow[];
  conveyed: { text?: string }[];
  text?: string;
};

const toRows = (people: readonly Person[]): PersonRow[] =>
  people.map((p) => ({ name: p.name, post: p.post ?? undefined }));

const toPeople = (rows: PersonRow[] | undefined): Person[] =>
  (rows ?? [])
    .filter((r) => r.name?.trim())
    .map((r) => ({ name: r.name!.trim(), post: r.post?.trim() || null }));

function PeopleList({ name, label, addLabel }: { name: keyof MeetingForm; label: string; addLabel: string }) {
  const { t } = useTranslation();
  return (
    <div className={styles.listField}>
      <div className={styles.listLabel}>{label}</div>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <div key={field.key} className={styles.personRow}>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, whitespace: true, message: t('meetings.form.nameRequired') }]}
                  style={{ maxWidth: 140 }}
                >
                  <Input
                    aria-label={t('meetings.importPage.personName')}
                    placeholder={t('meetings.importPage.personName')}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'post']}>
                  <Input
                    aria-label={t('meetings.importPage.personPost')}
                    placeholder={t('meetings.importPage.personPost')}
                  />
                </Form.Item>
                <Button
                  type="text"
                  aria-label={t('meetings.form.remove')}
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                />
              </div>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>
              {addLabel}
            </Button>
          </>
        )}
      </Form.List>
    </div>
  );
}

type Props = { meeting: Meeting | null; onClose: (saved?: Meeting) => void };

export function MeetingFormDrawer({ meeting, onClose }: Props) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<MeetingForm>();
  const create = useCreateMeeting();
  const update = useUpdateMeeting();
  const pending = create.isPending || update.isPending;
  const mayEdit = can(me, 'meetings:write');

  const submit = (values: MeetingForm) => {
    const input = {
      title: values.title.trim(),
      date: values.date ?? null,
      kind: values.kind,
      regionCode: values.regionCode,
      venues: { main: values.venueMain?.trim() || null, branches: values.venueBranches ?? [] },
      chair: toPeople(values.chair),
      speakers: toPeople(values.speakers),
      attendees: toPeople(values.attendees),
      conveyed: (values.conveyed ?? []).map((c) => c.text?.trim() ?? '').filter(Boolean),
    };
    const done = {
      onSuccess: (saved: Meeting) => {
        message.success(meeting ? t('common.saved') : t('meetings.form.created', { title: saved.title }));
        onClose(saved);
      },
      onError: (err: unknown) => {
        if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
      },
    };
    if (meeting) update.mutate({ id: meeting.id, ...input }, done);
    else create.mutate({ ...input, text: values.text?.trim() || undefined }, done);
  };

  return (
    <Drawer
      open
      title={meeting ? t('meetings.detail.editTitle') : t('meetings.form.createTitle')}
      size={screens.md ? 640 : '100%'}
      onClose={() => onClose()}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={pending} disabled={!mayEdit} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<MeetingForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          meeting
            ? {
                title: meeting.title,
                date: meeting.dateText,
                kind: meeting.kind,
                regionCode: meeting.regionCode,
                venueMain: meeting.venues.main ?? undefined,
                venueBranches: meeting.venues.branches,
                chair: toRows(meeting.chair),
                speakers: toRows(meeting.speakers),
                attendees: toRows(meeting.attendees),
                conveyed: meeting.conveyed.map((text) => ({ text })),
              }
            : {
                date: null,
                kind: 'video_conference',
                regionCode: me.scopeRegion.code,
                venueBranches: [],
                chair: [],
                speakers: [],
                attendees: [],
                conveyed: [],
              }
        }
      >
        <Form.Item
          name="title"
          label={t('meetings.name')}
          rules={[
            { required: true, whitespace: true, message: t('meetings.importPage.titleRequired') },
            { max: 200, message: t('validation.maxLength', { max: 200 }) },
          ]}
        >
          <Input placeholder={t('meetings.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="date"
          label={t('meetings.date')}
          rules={[{ required: !meeting, message: t('meetings.form.dateRequired') }, notAfterTodayRule(t)]}
        >
          <MeetingDateInput />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('meetings.kindLabel')}
          rules={[{ required: true, message: t('meetings.form.kindRequired') }]}
        >
          <Select options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('meetings.region')} rules={[{ required: true }]}>
          <RegionSelect initialLabel={meeting?.regionName ?? me.scopeRegion.name} />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('meetings.detail.venues')}
        </Divider>
        <Form.Item name="venueMain" label={t('meetings.venueMain')}>
          <Input placeholder={t('meetings.form.venueMainPlaceholder')} />
        </Form.Item>
        <Form.Item name="venueBranches" label={t('meetings.venueBranches')}>
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            placeholder={t('meetings.form.branchesPlaceholder')}
          />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('meetings.detail.people')}
        </Divider>
        <PeopleList name="chair" label={t('meetings.chair')} addLabel={t('meetings.form.addChair')} />
        <PeopleList name="speakers" label={t('meetings.speakers')} addLabel={t('meetings.form.addSpeaker')} />
        <PeopleList
          name="attendees"
          label={t('meetings.attendees')}
          addLabel={t('meetings.form.addAttendee')}
        />
        <Divider titlePlacement="start" plain>
          {t('meetings.conveyed')}
        </Divider>
        <Form.List name="conveyed">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <div key={field.key} className={styles.personRow}>
                  <Form.Item name={[field.name, 'text']}>
                    <Input
                      aria-label={t('meetings.conveyed')}
                      placeholder={t('meetings.form.conveyedPlaceholder')}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={t('meetings.form.remove')}
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('meetings.form.addConveyed')}
              </Button>
            </>
          )}
        </Form.List>
        {!meeting && (
          <>
            <Divider />
            <Form.Item name="text" label={t('meetings.form.text')}>
              <Input.TextArea rows={6} placeholder={t('meetings.form.textPlaceholder')} />
            </Form.Item>
          </>
        )}
      </Form>
    </Drawer>
  );
}
