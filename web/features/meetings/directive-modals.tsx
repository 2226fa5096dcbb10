// Editing or adding a directive (text, category, units, regions, deadline), and splitting one in two.
import { App, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DIRECTIVE_TEXT_MAX,
  type Directive,
  type DirectiveCategory,
  deadlineProblem,
  isSplitPosition,
  SPLIT_MIN_PART,
  splitParts,
} from '../../../shared/contracts/meetings.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { directiveCategories, useAddDirective, useSplitDirective, useUpdateDirective } from './api.ts';
import styles from './meetings.module.css';

type DirectiveForm = {
  text: string;
  category?: DirectiveCategory;
  units: string[];
  regions: string[];
  deadline?: string;
};

type FormProps = {
  meetingId: number;
  /** The directive to edit, or null to add one (from a passage of the clean text when `span` is given). */
  directive: Directive | null;
  span?: { start: number; end: number; text: string } | null;
  onClose: () => void;
};

export function DirectiveFormModal({ meetingId, directive, span, onClose }: FormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DirectiveForm>();
  const update = useUpdateDirective(meetingId);
  const add = useAddDirective(meetingId);

  const submit = (values: DirectiveForm) => {
    const input = {
      text: values.text.trim(),
      category: values.category,
      units: values.units ?? [],
      regions: values.regions ?? [],
      deadline: values.deadline?.trim() || null,
    };
    const onError = (err: unknown) => {
      if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
    };
    if (directive) {
      update.mutate(
        { id: directive.id, ...input },
        {
          onSuccess: () => {
            message.success(t('meetings.directive.saved', { seq: directive.seq }));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    // A new directive: category, units and regions left empty are read from its text by the server.
    add.mutate(
      {
        text: input.text,
        span: span ? { start: span.start, end: span.end } : undefined,
        category: values.category,
        units: input.units.length ? input.units : undefined,
        regions: input.regions.length ? input.regions : undefined,
        deadline: input.deadline ?? undefined,
      },
      {
        onSuccess: (saved) => {
          message.success(t('meetings.directive.added', { seq: saved.seq }));
          onClose();
        },
        onError,
      },
    );
  };

  const tags = (
    <Select
      mode="tags"
      open={false}
      suffixIcon={null}
      placeholder={t('meetings.directive.tagsPlaceholder')}
    />
  );

  return (
    <Modal
      open
      title={
        directive
          ? t('meetings.directive.editTitle', { seq: directive.seq })
          : t('meetings.directive.addTitle')
      }
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending || add.isPending}
      destroyOnHidden
      width={640}
    >
      {span && (
        <Typography.Paragraph type="secondary">
          {t('meetings.directive.fromSelection', { start: span.start + 1, end: span.end })}
        </Typography.Paragraph>
      )}
      <Form<DirectiveForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          directive
            ? {
                text: directive.text,
                category: directive.category,
                units: directive.units,
                regions: directive.regions,
                deadline: directive.deadline ?? undefined,
              }
            : { text: span?.text ?? '', units: [], regions: [] }
        }
      >
        <Form.Item
          name="text"
          label={t('meetings.directive.text')}
          rules={[
            { required: true, whitespace: true, message: t('meetings.directive.textRequired') },
            {
              max: DIRECTIVE_TEXT_MAX,
              message: t('meetings.directive.textTooLong', { max: DIRECTIVE_TEXT_MAX }),
            },
          ]}
        >
          {/* Counted, not cut off: a pasted passage over the limit stays whole for the user to shorten. */}
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            count={{ show: true, max: DIRECTIVE_TEXT_MAX }}
          />
        </Form.Item>
        <Form.Item name="category" label={t('meetings.directive.category')}>
          <Select
            style={{ maxWidth: 240 }}
            allowClear={!directive}
            placeholder={t('meetings.directive.categoryAuto')}
            options={directiveCategories.map((c) => ({ value: c, label: t(`meetings.category.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="units" label={t('meetings.directive.units')}>
          {tags}
        </Form.Item>
        <Form.Item name="regions" label={t('meetings.directive.regions')}>
          {tags}
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('meetings.directive.deadline')}
          rules={[
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
            {
              validator: (_, value: string | undefined) => {
                const problem = value ? deadlineProblem(value) : null;
                return problem
                  ? Promise.reject(
                      new Error(t(`meetings.directive.deadlineProblem.${problem.kind}`, problem)),
                    )
                  : Promise.resolve();
              },
            },
          ]}
        >
          <Input placeholder={t('meetings.directive.deadlinePlaceholder')} style={{ maxWidth: 280 }} />
        </Form.Item>
        {directive && directive.numbers.length > 0 && (
          <Form.Item label={t('meetings.directive.numbers')}>
            <Space wrap size={4}>
              {directive.numbers.map((n) => (
                <Tag key={n.text} color="volcano">
                  {n.text}
                </Tag>
              ))}
            </Space>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** A first guess at where to cut: after the sentence or clause break nearest the middle. */
function suggestedCut(text: string): number {
  const middle = text.length / 2;
  let best = Math.floor(middle);
  let distance = Number.POSITIVE_INFINITY;
  for (let i = 1; i < text.length - 1; i++) {
    if (!/[。；;，,]/u.test(text[i - 1]!)) continue;
    const weight = /[。；;]/u.test(text[i - 1]!) ? 0.5 : 1;
    const d = Math.abs(i - middle) * weight;
    if (d < distance) {
      distance = d;
      best = i;
    }
  }
  return Math.max(SPLIT_MIN_PART, Math.min(best, text.length - SPLIT_MIN_PART));
}

export function SplitDirectiveModal({
  meetingId,
  directive,
  onClose,
}: {
  meetingId: number;
  directive: Directive;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const split = useSplitDirective(meetingId);
  const text = directive.text;
  // One position for both the click and the number box: whatever was done last is what both show.
  const [at, setAt] = useState<number | null>(() => suggestedCut(text));
  // The same parts and the same rule as the server, so the preview is exactly what will be stored.
  const [head, tail] = at === null ? ['', ''] : splitParts(text, at);
  const valid = at !== null && isSplitPosition(text, at);
  const last = text.length - SPLIT_MIN_PART;
  const problem = valid
    ? null
    : last < SPLIT_MIN_PART
      ? t('meetings.directive.splitTooShort', { length: text.length })
      : at === null
        ? t('meetings.directive.splitAtRequired')
        : t('meetings.directive.splitInvalid', { min: SPLIT_MIN_PART, max: last, length: text.length });
  const chars = Array.from(text);

  const submit = () =>
    at !== null &&
    split.mutate(
      { id: directive.id, at },
      {
        onSuccess: ([first, second]) => {
          message.success(t('meetings.directive.splitDone', { seq: first?.seq, next: second?.seq }));
          onClose();
        },
        onError: (err) => message.error(errorMessage(err)),
      },
    );

  // Offsets are UTF-16 units, as the server counts them; Array.from keeps rare characters whole.
  let offset = 0;
  const pieces = chars.map((char) => {
    const start = offset;
    offset += char.length;
    return { char, start };
  });

  return (
    <Modal
      open
      title={t('meetings.directive.splitTitle', { seq: directive.seq })}
      okText={t('meetings.directive.split')}
      okButtonProps={{ disabled: !valid }}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={split.isPending}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('meetings.directive.splitHelp')}</Typography.Paragraph>
      <div className={styles.splitText} data-split-text>
        {pieces.map(({ char, start }) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the position can also be typed in the number field below
          // biome-ignore lint/a11y/noStaticElementInteractions: see above
          <span
            key={start}
            className={`${styles.splitChar} ${at !== null && start >= at ? styles.splitTail : ''}`}
            onClick={() => setAt(start)}
          >
            {start === at && <span className={styles.splitCaret} />}
            {char}
          </span>
        ))}
      </div>
      <Space wrap style={{ marginTop: 12 }}>
        <label htmlFor="split-at">{t('meetings.directive.splitAt')}</label>
        {/* No min/max: the box would clamp 9999 to the end on blur, silently, over a later click. */}
        <InputNumber<number>
          id="split-at"
          precision={0}
          value={at}
          status={valid ? undefined : 'error'}
          onChange={setAt}
        />
      </Space>
      <div style={{ marginTop: 12 }}>
        <Typography.Text strong>{t('meetings.directive.splitFirst')}</Typography.Text>
        <Typography.Paragraph data-split-head style={{ marginBottom: 8 }}>
          {head || '—'}
        </Typography.Paragraph>
        <Typography.Text strong>{t('meetings.directive.splitSecond')}</Typography.Text>
        <Typography.Paragraph data-split-tail style={{ marginBottom: 0 }}>
          {tail || '—'}
        </Typography.Paragraph>
        {problem && (
          <Typography.Text type="danger" role="alert">
            {problem}
          </Typography.Text>
        )}
      </div>
    </Modal>
  );
}
