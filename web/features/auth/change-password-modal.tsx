// Changing one's own password; other sessions of the account are signed out by the server.
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { useChangePassword } from './api.ts';
import { NewPasswordFields } from './password-strength.tsx';

type PasswordForm = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();

  const submit = (values: PasswordForm) => {
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          message.success(t('password.changed'));
          form.resetFields();
          onClose();
        },
        onError: (err) => {
          if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label={t('password.new')} />
      </Form>
    </Modal>
  );
}
