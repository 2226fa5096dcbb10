// The office's supervision settings (city admin): when a light turns yellow, when a task may be listed, the score's
// weights and the 红黑榜 sizes and lines. The server checks every value; its messages appear under the fields.
import { App, Button, Divider, Drawer, Form, Grid, InputNumber, Result, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  EvaluationWeights,
  SupervisionSettings,
  SupervisionSettingsUpdate,
} from '../../../shared/contracts/supervision.ts';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatServerText } from '../../lib/format.ts';
import { useSupervisionSettings, useUpdateSupervisionSettings } from './api.ts';
import styles from './supervision.module.css';

type Nullable<T> = { [K in keyof T]: T[K] | null };
type SettingsForm = Nullable<Omit<SupervisionSettings, 'weights'>> & { weights: Nullable<EvaluationWeights> };

const plainFields = ['yellowDays', 'listAfterDaysOverdue'] as const;
const weightFields = ['onTimeRate', 'overdue', 'returned', 'declined', 'daysLate'] as const;
const listFields = ['redListSize', 'blackListSize', 'redMinScore', 'blackBelowScore'] as const;

export function SettingsDrawer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<SettingsForm>();
  const settings = useSupervisionSettings(true);
  const save = useUpdateSupervisionSettings();

  const submit = (values: SettingsForm) => {
    // Empty boxes go as null, so the server says what is missing in its own words (…应为数字).
    const change = { ...values, weights: { ...values.weights } } as unknown as SupervisionSettingsUpdate;
    save.mutate(change, {
      onSuccess: () => {
        message.success(t('supervision.settings.saved'));
        onClose();
      },
      onError: (err) => {
        if (!(err instanceof ApiError) || !showFieldErrors(form, err)) message.error(errorMessage(err));
      },
    });
  };

  const number = (name: string | [string, string], label: string, extra?: string, step = 1) => (
    <Form.Item key={String(name)} name={name} label={label} extra={extra}>
      {/* No min or max: a box that clamps would hide the rule the server states. */}
      <InputNumber style={{ width: '100%' }} step={step} />
    </Form.Item>
  );

  return (
    <Drawer
      open
      title={t('supervision.settings.title')}
      size={screens.md ? 520 : '100%'}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            disabled={!settings.data}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {settings.isError ? (
        <Result status="error" title={t('error.loadFailed')} subTitle={errorMessage(settings.error)} />
      ) : !settings.data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Form<SettingsForm> form={form} layout="vertical" initialValues={settings.data} onFinish={submit}>
          <Divider titlePlacement="start" plain>
            {t('supervision.settings.lights')}
          </Divider>
          <div className={styles.formGrid}>
            {plainFields.map((f) =>
              number(f, t(`supervision.settings.${f}`), t(`supervision.settings.${f}Help`)),
            )}
          </div>
          <Divider titlePlacement="start" plain>
            {t('supervision.settings.weights')}
          </Divider>
          <div className={styles.formGrid}>
            {weightFields.map((f) =>
              number(
                ['weights', f],
                t(`supervision.settings.weight.${f}`),
                undefined,
                f === 'onTimeRate' ? 0.1 : 1,
              ),
            )}
          </div>
          <Divider titlePlacement="start" plain>
            {t('supervision.settings.lists')}
          </Divider>
          <div className={styles.formGrid}>
            {listFields.map((f) =>
              number(f, t(`supervision.settings.${f}`), t(`supervision.settings.${f}Help`)),
            )}
          </div>
        </Form>
      )}
    </Drawer>
  );
}

/** body.weights.overdue → the weights.overdue box; returns whether any box took a message. */
function showFieldErrors(form: ReturnType<typeof Form.useForm<SettingsForm>>[0], err: ApiError): boolean {
  const byField = new Map<string, string[]>();
  for (const detail of err.details) {
    if (!detail.field) continue;
    const path = detail.field.replace(/^body\./, '');
    const known =
      (plainFields as readonly string[]).includes(path) ||
      (listFields as readonly string[]).includes(path) ||
      weightFields.some((w) => path === `weights.${w}`);
    if (!known) continue;
    byField.set(path, [...(byField.get(path) ?? []), formatServerText(detail.message)]);
  }
  form.setFields(
    [...byField].map(([path, errors]) => ({ name: path.split('.') as [keyof SettingsForm], errors })),
  );
  return byField.size > 0;
}
