// An administrator sets a new password for someone who forgot theirs.
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/contracts/users.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { PasswordStrength, passwordProblem } from '../auth/password-strength.tsx';
import { useUpdateUser } from './api.ts';

type ResetForm = { password: string; confirm: string };

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetForm>();
  const update = useUpdateUser();
  const password = Form.useWatch('password', form);

  const submit = (values: ResetForm) =>
    update.mutate(
      { id: user.id, input: { password: values.password } },
      {
        onSuccess: () => {
          message.success(t('users.passwordReset', { name: user.displayName }));
          onClose();
        },
        onError: (err) => {
          if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
        },
      },
    );

  return (
    <Modal
      open
      title={t('users.resetPasswordTitle', { name: user.displayName, username: user.username })}
      okText={t('users.resetPassword')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form<ResetForm> form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item
          name="password"
          label={t('password.new')}
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
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
