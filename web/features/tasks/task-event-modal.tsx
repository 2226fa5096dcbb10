// One lifecycle event of a task as a small form: only the fields that event takes (a reason, progress with figures
// and files, a new deadline, another unit, a supervising leader). The server decides whether it is allowed.
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Slider,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, Task, TaskEventInput, TaskEventType } from '../../../shared/contracts/tasks.ts';
import { ApiError } from '../../lib/api-client.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { datePickerFormat, formatDateTime } from '../../lib/format.ts';
import { UnitSelect } from '../../lib/unit-select.tsx';
import { taskKeys, uploadTaskAttachment, useLeaders, useSendTaskEvent } from './api.ts';
import { formatDue } from './task-labels.tsx';
import styles from './tasks.module.css';

/** What each event asks for. A reason is required where the server requires one (its transition table says so). */
type Needs = {
  note: 'required' | 'optional';
  progress?: boolean;
  figures?: boolean;
  attachments?: boolean;
  dueAt?: 'required' | 'optional';
  unit?: boolean;
  supervisor?: boolean;
};

const needs: Record<TaskEventType, Needs> = {
  assign: { note: 'optional' },
  sign: { note: 'optional' },
  report: { note: 'optional', progress: true, figures: true, attachments: true },
  submit: { note: 'optional', attachments: true },
  return: { note: 'required' },
  complete: { note: 'optional' },
  decline: { note: 'required' },
  reassign: { note: 'optional', unit: true },
  insist: { note: 'required' },
  request_extension: { note: 'required', dueAt: 'required' },
  approve_extension: { note: 'optional', dueAt: 'optional' },
  refuse_extension: { note: 'required' },
  remind: { note: 'optional' },
  list: { note: 'optional', supervisor: true },
  unlist: { note: 'optional' },
  cancel: { note: 'required' },
};

/** Events that undo or refuse something: their button and OK are red. */
export const dangerEvents: readonly TaskEventType[] = ['return', 'decline', 'cancel', 'refuse_extension'];

const MAX_BYTES = 10 * 1024 * 1024;

type EventForm = {
  note?: string;
  progress?: number;
  figures?: { label?: string; value?: number | null; unit?: string }[];
  dueAt?: Dayjs | null;
  unitId?: number;
  supervisorId?: number;
};

type Props = { task: Task; event: TaskEventType; onClose: () => void };

export function TaskEventModal({ task, event, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EventForm>();
  const send = useSendTaskEvent(task.id);
  const need = needs[event];
  const leaders = useLeaders(Boolean(need.supervisor));
  const [files, setFiles] = useState<UploadFile<Attachment>[]>([]);
  const uploading = files.some((f) => f.status === 'uploading');
  const label = t(`tasks.event.${event}`);

  const submit = (values: EventForm) => {
    const input: TaskEventInput = { type: event };
    const note = values.note?.trim();
    if (note) input.note = note;
    if (need.progress && values.progress !== undefined) input.progress = values.progress;
    if (need.figures) {
      const figures = (values.figures ?? [])
        .filter((f) => f.label?.trim() && typeof f.value === 'number')
        .map((f) => ({ label: f.label!.trim(), value: f.value!, unit: f.unit?.trim() || undefined }));
      if (figures.length) input.figures = figures;
    }
    if (need.attachments) {
      const ids = files.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));
      if (ids.length) input.attachmentIds = ids;
    }
    if (need.dueAt && values.dueAt) input.dueAt = values.dueAt.format('YYYY-MM-DD');
    if (need.unit && values.unitId) input.unitId = values.unitId;
    if (need.supervisor && values.supervisorId) input.supervisorId = values.supervisorId;
    send.mutate(input, {
      onSuccess: () => {
        message.success(t('tasks.eventDone', { event: label }));
        onClose();
      },
      onError: (err) => {
        if (applyFieldErrors(form, err, (path) => (path[0] === 'attachmentIds' ? undefined : path[0])))
          return;
        message.error(errorMessage(err));
        // The task moved on meanwhile (someone else acted): show it as it is now.
        if (err instanceof ApiError && (err.status === 409 || err.status === 403)) {
          void queryClient.invalidateQueries({ queryKey: taskKeys.detail(task.id) });
          onClose();
        }
      },
    });
  };

  return (
    <Modal
      open
      title={t('tasks.eventTitle', { event: label, title: task.title })}
      okText={label}
      okButtonProps={{ danger: dangerEvents.includes(event), disabled: uploading }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={send.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<EventForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ progress: task.progress ?? 0, figures: [] }}
      >
        {event === 'approve_extension' && task.pendingExtension && (
          <Typography.Paragraph>
            {t('tasks.extensionAsked', {
              date: formatDue(task.pendingExtension.dueAt),
              current: formatDue(task.dueAt),
            })}
          </Typography.Paragraph>
        )}
        {need.progress && (
          // A slider for a thumb, a number box for an exact figure; both are the same field.
          <Form.Item label={t('tasks.field.progress')} required={false}>
            <div className={styles.progressInput}>
              <Form.Item name="progress" noStyle>
                <Slider min={0} max={100} step={5} tooltip={{ formatter: (v) => `${v}%` }} />
              </Form.Item>
              <Form.Item name="progress" noStyle>
                <InputNumber<number>
                  min={0}
                  max={100}
                  precision={0}
                  suffix="%"
                  aria-label={t('tasks.form.progressPercent')}
                  style={{ width: 96 }}
                />
              </Form.Item>
            </div>
          </Form.Item>
        )}
        {need.figures && <FigureList />}
        {need.dueAt && (
          <Form.Item
            name="dueAt"
            label={event === 'request_extension' ? t('tasks.form.askedDue') : t('tasks.form.grantedDue')}
            extra={
              event === 'approve_extension' && task.pendingExtension
                ? t('tasks.form.grantedDueHint', { date: formatDue(task.pendingExtension.dueAt) })
                : task.dueAt
                  ? t('tasks.form.currentDue', { date: formatDue(task.dueAt) })
                  : undefined
            }
            rules={
              need.dueAt === 'required' ? [{ required: true, message: t('tasks.form.askedDueRequired') }] : []
            }
          >
            <DatePicker
              format={datePickerFormat()}
              className={styles.fullWidth}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
            />
          </Form.Item>
        )}
        {need.unit && (
          <Form.Item
            name="unitId"
            label={t('tasks.form.reassignTo')}
            rules={[{ required: true, message: t('tasks.form.reassignRequired') }]}
          >
            <UnitSelect />
          </Form.Item>
        )}
        {need.supervisor && (
          <Form.Item
            name="supervisorId"
            label={t('tasks.field.supervisor')}
            extra={t('tasks.form.supervisorHint')}
          >
            <Select
              allowClear
              loading={leaders.isFetching}
              placeholder={t('tasks.form.supervisorPlaceholder')}
              options={(leaders.data?.items ?? [])
                .filter((u) => u.active)
                .map((u) => ({
                  value: u.id,
                  label: `${u.displayName}${t('tasks.timeline.forUnit', { unit: u.unit.name })}`,
                }))}
            />
          </Form.Item>
        )}
        {need.attachments && (
          <Form.Item label={t('tasks.field.attachments')} extra={t('tasks.form.attachmentsHint')}>
            <Upload<Attachment>
              multiple
              accept="image/*,.pdf,.docx,.xlsx,.pptx"
              fileList={files}
              listType="picture"
              onChange={({ fileList }) => setFiles(fileList)}
              beforeUpload={(file) => {
                if (file.size > MAX_BYTES) {
                  message.error(t('tasks.form.fileTooLarge', { name: file.name }));
                  return Upload.LIST_IGNORE;
                }
                return true;
              }}
              customRequest={({ file, onProgress, onSuccess, onError }) => {
                uploadTaskAttachment(task.id, file as File, (percent) => onProgress?.({ percent })).then(
                  (attachment) => onSuccess?.(attachment),
                  (err: unknown) => {
                    message.error(errorMessage(err));
                    onError?.(err instanceof Error ? err : new Error(String(err)));
                  },
                );
              }}
            >
              <Button icon={<UploadOutlined />}>{t('tasks.form.upload')}</Button>
            </Upload>
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={need.note === 'required' ? t('tasks.form.reason') : t('tasks.form.note')}
          rules={[
            ...(need.note === 'required'
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: t('tasks.form.reasonRequired', { event: label }),
                  },
                ]
              : []),
            { max: 2000, message: t('validation.maxLength', { max: 2000 }) },
          ]}
        >
          <Input.TextArea
            rows={3}
            placeholder={t(`tasks.notePlaceholder.${event}`, {
              defaultValue: t('tasks.form.notePlaceholder'),
            })}
          />
        </Form.Item>
        {event === 'request_extension' && task.originalDueAt && (
          <Typography.Text type="secondary" className={styles.muted}>
            {t('tasks.originalDue', { date: formatDateTime(task.originalDueAt) })}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

/** Figures a report carries: 隔离房间 612 间. */
function FigureList() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('tasks.field.figures')}>
      <Form.List name="figures">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <div key={field.key} className={styles.figureRow}>
                <Form.Item
                  name={[field.name, 'label']}
                  rules={[{ required: true, whitespace: true, message: t('tasks.form.figureLabelRequired') }]}
                >
                  <Input aria-label={t('tasks.form.figureLabel')} placeholder={t('tasks.form.figureLabel')} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'value']}
                  rules={[{ required: true, message: t('tasks.form.figureValueRequired') }]}
                  style={{ maxWidth: 110 }}
                >
                  <InputNumber<number>
                    aria-label={t('tasks.form.figureValue')}
                    placeholder={t('tasks.form.figureValue')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'unit']} style={{ maxWidth: 70 }}>
                  <Input aria-label={t('tasks.form.figureUnit')} placeholder={t('tasks.form.figureUnit')} />
                </Form.Item>
                <Button
                  type="text"
                  aria-label={t('tasks.form.removeFigure')}
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                />
              </div>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>
              {t('tasks.form.addFigure')}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
