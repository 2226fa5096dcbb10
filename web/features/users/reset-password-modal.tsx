// An administrator sets a new password for someone who forgot theirs.
import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/contracts/users.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { NewPasswordFields } from '../auth/password-strength.tsx';
import { useUpdateUser } from './api.ts';

type ResetForm = { password: string; confirm: string };

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetForm>();
  const update = useUpdateUser();

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
        <NewPasswordFields name="password" label={t('password.new')} />
      </Form>
    </Modal>
  );
}
