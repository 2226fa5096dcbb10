// The login page: username and password, with the server's own words when it refuses.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../app/language-switch.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useLogin } from './api.ts';
import styles from './auth.module.css';

type LoginForm = { username: string; password: string };

/** Only same-site paths, so a crafted ?next= cannot send the user elsewhere; without one, each role's home page. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = (values: LoginForm) => {
    setFailure(null);
    login.mutate(values, {
      onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
      onError: (err) => setFailure(errorMessage(err)),
    });
  };

  return (
    <div className={styles.page}>
      <div className={styles.language}>
        <LanguageSwitch />
      </div>
      <Card className={styles.card} variant="borderless">
        <div className={styles.brand}>
          <div className={styles.mark}>{t('app.mark')}</div>
          <Typography.Title level={3} style={{ margin: '0 0 4px', fontSize: 20 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.welcome')}</Typography.Text>
        </div>
        {failure && <Alert type="error" showIcon title={failure} className={styles.alert} role="alert" />}
        <Form<LoginForm>
          layout="vertical"
          size="large"
          onFinish={submit}
          requiredMark={false}
          autoComplete="on"
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              placeholder={t('login.usernamePlaceholder')}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              placeholder={t('login.passwordPlaceholder')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className={styles.hint} style={{ margin: '16px 0 0' }}>
          {t('login.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
