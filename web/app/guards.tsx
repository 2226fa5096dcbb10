// Pages a user may not open, or that do not exist, say so plainly instead of showing an empty screen.
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { can, type Permission, useCurrentUser } from '../features/auth/api.ts';

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useCurrentUser();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!can(me, permission)) {
    return (
      <Result
        status="403"
        title={t('guard.forbiddenTitle')}
        subTitle={t('guard.forbidden')}
        extra={<Button onClick={() => navigate('/regions')}>{t('guard.backHome')}</Button>}
      />
    );
  }
  return children;
}

/** Where "/" (and a login without a page to return to) leads: a unit's liaison starts at their inbox. */
export function HomeRedirect() {
  const me = useCurrentUser();
  const home = me.role === 'unit_liaison' && can(me, 'tasks:read') ? '/tasks/inbox' : '/regions';
  return <Navigate to={home} replace />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('guard.notFoundTitle')}
      subTitle={t('guard.notFound')}
      extra={<Button onClick={() => navigate('/regions')}>{t('guard.backHome')}</Button>}
    />
  );
}
