// Assigning a new task: what, for which region, to which lead and co-units, by when (a deadline or a reporting
// cadence), how urgent and how it is judged done; a city-wide task can be split into one per county.
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  TimePicker,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  type Cadence,
  type Priority,
  priorityValues,
  type Responsibility,
  responsibilityValues,
  type TaskCategory,
  type TaskCreate,
  taskCategoryValues,
} from '../../../shared/contracts/tasks.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { datePickerFormat } from '../../lib/format.ts';
import { RegionSelect } from '../../lib/region-select.tsx';
import { UnitMultiSelect, UnitSelect } from '../../lib/unit-select.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { type TaskCreated, useCreateTask } from './api.ts';
import styles from './tasks.module.css';

type TaskForm = {
  title: string;
  description?: string;
  category?: TaskCategory;
  responsibility: Responsibility;
  regionCode: string;
  leadUnitId?: number;
  coUnitIds: number[];
  dueMode: 'deadline' | 'cadence';
  dueAt?: Dayjs | null;
  cadenceKind: Cadence['kind'];
  weekday: number;
  day: number;
  dueTime: Dayjs;
  endsOn?: Dayjs | null;
  priority: Priority;
  acceptance?: string;
  splitByCounty: boolean;
};

/** A city's code: the first four digits, then zeros (420500000000). */
const isCityCode = (code: string | undefined) => Boolean(code && /^\d{4}0{8}$/.test(code));

/** Where each part of the request body is asked in this form. */
function formFieldOf(path: string[]): string | undefined {
  if (path[0] !== 'cadence') return path[0];
  if (path[1] === 'weekday' || path[1] === 'day' || path[1] === 'dueTime') return path[1];
  return 'cadenceKind';
}

function cadenceOf(values: TaskForm): Cadence {
  const dueTime = values.dueTime.format('HH:mm');
  if (values.cadenceKind === 'weekly') return { kind: 'weekly', weekday: values.weekday, dueTime };
  if (values.cadenceKind === 'monthly') return { kind: 'monthly', day: values.day, dueTime };
  return { kind: 'daily', dueTime };
}

export function TaskFormDrawer({ onClose }: { onClose: (saved?: TaskCreated) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<TaskForm>();
  const create = useCreateTask();
  const dueMode = Form.useWatch('dueMode', form);
  const cadenceKind = Form.useWatch('cadenceKind', form);
  const regionCode = Form.useWatch('regionCode', form);
  const leadUnitId = Form.useWatch('leadUnitId', form);

  const submit = (values: TaskForm) => {
    const input: TaskCreate = {
      title: values.title.trim(),
      description: values.description?.trim() || undefined,
      category: values.category!,
      responsibility: values.responsibility,
      regionCode: values.regionCode,
      leadUnitId: values.leadUnitId!,
      coUnitIds: values.coUnitIds ?? [],
      priority: values.priority,
      acceptance: values.acceptance?.trim() || undefined,
      splitByCounty: isCityCode(values.regionCode) && values.splitByCounty,
      ...(values.dueMode === 'deadline'
        ? { dueAt: values.dueAt?.format('YYYY-MM-DD') }
        : { cadence: cadenceOf(values), endsOn: values.endsOn?.format('YYYY-MM-DD') }),
    };
    create.mutate(input, {
      onSuccess: (saved) => {
        message.success(
          saved.subtasks.length
            ? t('tasks.form.createdSplit', {
                title: saved.title,
                unit: saved.leadUnit.name,
                count: saved.subtasks.length,
              })
            : t('tasks.form.created', { title: saved.title, unit: saved.leadUnit.name }),
        );
        onClose(saved);
      },
      onError: (err) => {
        if (!applyFieldErrors(form, err, formFieldOf)) message.error(errorMessage(err));
      },
    });
  };

  return (
    <Drawer
      open
      title={t('tasks.form.createTitle')}
      size={screens.md ? 640 : '100%'}
      onClose={() => onClose()}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('tasks.form.submit')}
          </Button>
        </Space>
      }
    >
      <Form<TaskForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          responsibility: 'territorial',
          regionCode: me.scopeRegion.code,
          coUnitIds: [],
          dueMode: 'deadline',
          cadenceKind: 'weekly',
          weekday: 1,
          day: 5,
          dueTime: dayjs('17:00', 'HH:mm'),
          priority: 'normal',
          splitByCounty: false,
        }}
      >
        <Form.Item
          name="title"
          label={t('tasks.field.title')}
          rules={[
            { required: true, whitespace: true, message: t('tasks.form.titleRequired') },
            { max: 200, message: t('validation.maxLength', { max: 200 }) },
          ]}
        >
          <Input placeholder={t('tasks.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('tasks.field.description')}
          rules={[{ max: 5000, message: t('validation.maxLength', { max: 5000 }) }]}
        >
          <Input.TextArea rows={3} placeholder={t('tasks.form.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('tasks.field.category')}
          rules={[{ required: true, message: t('tasks.form.categoryRequired') }]}
        >
          <Select
            placeholder={t('common.choose')}
            options={taskCategoryValues.map((c) => ({ value: c, label: t(`tasks.category.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="responsibility" label={t('tasks.field.responsibility')}>
          <Radio.Group
            optionType="button"
            options={responsibilityValues.map((r) => ({ value: r, label: t(`tasks.responsibility.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('tasks.field.region')}
          rules={[{ required: true, message: t('tasks.form.regionRequired') }]}
        >
          <RegionSelect initialLabel={me.scopeRegion.name} />
        </Form.Item>
        {isCityCode(regionCode) && (
          <Form.Item name="splitByCounty" valuePropName="checked" extra={t('tasks.form.splitHint')}>
            <Checkbox>{t('tasks.form.split')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item
          name="leadUnitId"
          label={t('tasks.field.leadUnit')}
          rules={[{ required: true, message: t('tasks.form.leadRequired') }]}
        >
          <UnitSelect placeholder={t('tasks.form.leadPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="coUnitIds"
          label={t('tasks.field.coUnits')}
          dependencies={['leadUnitId']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, ids: number[] | undefined) =>
                ids?.includes(getFieldValue('leadUnitId'))
                  ? Promise.reject(new Error(t('tasks.form.coIsLead')))
                  : ids && ids.length > 50
                    ? Promise.reject(new Error(t('tasks.form.coTooMany')))
                    : Promise.resolve(),
            }),
          ]}
        >
          <UnitMultiSelect
            excludeIds={leadUnitId ? [leadUnitId] : []}
            placeholder={t('tasks.form.coPlaceholder')}
          />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('tasks.form.when')}
        </Divider>
        <Form.Item name="dueMode">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'deadline', label: t('tasks.form.modeDeadline') },
              { value: 'cadence', label: t('tasks.form.modeCadence') },
            ]}
          />
        </Form.Item>
        {dueMode !== 'cadence' ? (
          <Form.Item
            name="dueAt"
            label={t('tasks.field.dueAt')}
            extra={t('tasks.form.dueHint')}
            rules={[{ required: true, message: t('tasks.form.dueRequired') }]}
          >
            <DatePicker
              format={datePickerFormat()}
              className={styles.fullWidth}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              placeholder={t('tasks.form.duePlaceholder')}
            />
          </Form.Item>
        ) : (
          <>
            <Space wrap size={8} align="start">
              <Form.Item name="cadenceKind" label={t('tasks.form.cadenceKind')}>
                <Select
                  style={{ width: 120 }}
                  options={(['daily', 'weekly', 'monthly'] as const).map((k) => ({
                    value: k,
                    label: t(`tasks.cadenceKind.${k}`),
                  }))}
                />
              </Form.Item>
              {cadenceKind === 'weekly' && (
                <Form.Item
                  name="weekday"
                  label={t('tasks.form.weekday')}
                  rules={[{ required: true, message: t('tasks.form.weekdayRequired') }]}
                >
                  <Select
                    style={{ width: 110 }}
                    options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({
                      value: d,
                      label: t('tasks.form.weekdayOption', { weekday: t(`tasks.weekday.${d}`) }),
                    }))}
                  />
                </Form.Item>
              )}
              {cadenceKind === 'monthly' && (
                <Form.Item
                  name="day"
                  label={t('tasks.form.monthDay')}
                  rules={[{ required: true, message: t('tasks.form.monthDayRequired') }]}
                >
                  <InputNumber<number>
                    min={1}
                    max={31}
                    precision={0}
                    style={{ width: 110 }}
                    suffix={t('tasks.form.daySuffix')}
                  />
                </Form.Item>
              )}
              <Form.Item
                name="dueTime"
                label={t('tasks.form.dueTime')}
                rules={[{ required: true, message: t('tasks.form.dueTimeRequired') }]}
              >
                <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: 110 }} />
              </Form.Item>
            </Space>
            <Form.Item name="endsOn" label={t('tasks.field.endsOn')} extra={t('tasks.form.endsOnHint')}>
              <DatePicker
                format={datePickerFormat()}
                className={styles.fullWidth}
                disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              />
            </Form.Item>
          </>
        )}
        <Divider />
        <Form.Item name="priority" label={t('tasks.field.priority')}>
          <Radio.Group
            optionType="button"
            options={priorityValues.map((p) => ({ value: p, label: t(`tasks.priority.${p}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="acceptance"
          label={t('tasks.field.acceptance')}
          rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}
        >
          <Input.TextArea rows={3} placeholder={t('tasks.form.acceptancePlaceholder')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
