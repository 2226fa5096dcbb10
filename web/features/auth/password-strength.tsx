// The server's password rule shown while typing: at least 8 characters, three of four character kinds, not a common one.
import { Form, Input, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isCommonPassword } from '../../../shared/contracts/users.ts';

const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/];

export function passwordKinds(password: string): number {
  return kinds.filter((r) => r.test(password)).length;
}

/** Same rule as passwordSchema in shared/contracts/users.ts, with messages from the locale files. */
export function passwordProblem(password: string, t: (key: string) => string): string | null {
  if (password.length < 8) return t('password.tooShort');
  if (password.length > 128) return t('password.tooLong');
  if (passwordKinds(password) < 3) return t('password.tooSimple');
  if (isCommonPassword(password)) return t('password.tooCommon');
  return null;
}

export function PasswordStrength({ password }: { password: string | undefined }) {
  const { t } = useTranslation();
  const value = password ?? '';
  const score = Math.min(4, passwordKinds(value)) + (value.length >= 12 ? 1 : 0);
  const level =
    value.length < 8 || score < 3 || isCommonPassword(value) ? 'weak' : score < 5 ? 'medium' : 'strong';
  const color = { weak: '#cf1322', medium: '#d48806', strong: '#389e0d' }[level];
  return (
    <div>
      <Progress
        percent={value ? (score / 5) * 100 : 0}
        showInfo={false}
        size="small"
        strokeColor={color}
        aria-hidden
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {value ? t('password.strengthLine', { level: t(`password.${level}`) }) : ''}
        {t('password.rule')}
      </Typography.Text>
    </div>
  );
}

/**
 * The new-password field with the strength hint and the server's rule, and (unless `confirm` is false) a second
 * field that must match it. Used wherever a password is set: own change, admin reset, new account.
 */
export function NewPasswordFields({
  name,
  label,
  confirm = true,
}: {
  name: string;
  label: string;
  confirm?: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const password = Form.useWatch(name, form) as string | undefined;
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={<PasswordStrength password={password} />}
        rules={[
          { required: true, message: t('password.newRequired') },
          {
            validator: async (_, value: string | undefined) => {
              const problem = value ? passwordProblem(value, t) : null;
              if (problem) throw new Error(problem);
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {confirm && (
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={[name]}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue(name)) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </>
  );
}
