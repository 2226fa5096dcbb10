// The frame around every page: menu (a drawer on phones), language, notifications, and who is logged in as the
// account menu.
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  DashboardOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  FundOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../shared/contracts/users.ts';
import { can, useLogout, useMe } from '../features/auth/api.ts';
import { ChangePasswordModal } from '../features/auth/change-password-modal.tsx';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { useInbox } from '../features/tasks/api.ts';
import { needingMe } from '../features/tasks/inbox-groups.ts';
import { ApiError } from '../lib/api-client.ts';
import { errorMessage } from '../lib/errors.ts';
import { LanguageSwitch } from './language-switch.tsx';
import styles from './layout.module.css';

const { Header, Sider, Content } = Layout;

type Entry = { key: string; icon: ReactNode; label: string; coming?: boolean; count?: number };

function menuEntries(me: Me, t: (key: string) => string, inboxCount: number): Entry[] {
  const entries: Entry[] = [
    { key: '/regions', icon: <EnvironmentOutlined />, label: t('menu.regions') },
    { key: '/units', icon: <ApartmentOutlined />, label: t('menu.units') },
  ];
  if (can(me, 'tasks:read')) {
    const inbox = {
      key: '/tasks/inbox',
      icon: <InboxOutlined />,
      label: t('menu.taskInbox'),
      count: inboxCount,
    };
    // A unit's liaison works from the inbox: it comes first, and is where they land.
    if (me.role === 'unit_liaison') entries.unshift(inbox);
    else entries.push(inbox);
    entries.push(
      { key: '/tasks', icon: <CarryOutOutlined />, label: t('menu.taskList') },
      { key: '/tasks/calendar', icon: <CalendarOutlined />, label: t('menu.taskCalendar') },
    );
  }
  if (can(me, 'meetings:read'))
    entries.push({ key: '/meetings', icon: <VideoCameraOutlined />, label: t('menu.meetings') });
  if (can(me, 'tasks:read'))
    entries.push({ key: '/supervision', icon: <FundOutlined />, label: t('menu.supervision') });
  if (can(me, 'users:read')) entries.push({ key: '/users', icon: <TeamOutlined />, label: t('menu.users') });
  if (can(me, 'audit:read')) entries.push({ key: '/audit', icon: <AuditOutlined />, label: t('menu.audit') });
  const coming: [string, ReactNode][] = [
    ['inspections', <SafetyCertificateOutlined key="i" />],
    ['survey', <FileSearchOutlined key="i" />],
    ['projects', <ProjectOutlined key="i" />],
    ['safety', <AlertOutlined key="i" />],
    ['cockpit', <DashboardOutlined key="i" />],
  ];
  for (const [key, icon] of coming) {
    entries.push({ key: `/coming/${key}`, icon, label: t(`menu.${key}`), coming: true });
  }
  return entries;
}

function SideMenu({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const inbox = useInbox(can(me, 'tasks:read'));
  const entries = menuEntries(me, t, inbox.data ? needingMe(inbox.data) : 0);
  // The longest entry the address starts with: /tasks/inbox is the inbox, /tasks/12 the task list.
  const selected = entries
    .filter((e) => !e.coming && (pathname === e.key || pathname.startsWith(`${e.key}/`)))
    .sort((a, b) => b.key.length - a.key.length)[0]?.key;
  const items: MenuProps['items'] = entries.map((e) => ({
    key: e.key,
    icon: e.icon,
    disabled: e.coming,
    label: e.coming ? (
      <span className={styles.comingLabel}>
        {e.label}
        <Tag className={styles.comingTag}>{t('menu.coming')}</Tag>
      </span>
    ) : e.count ? (
      <span className={styles.countLabel}>
        {e.label}
        <Badge
          count={e.count}
          size="small"
          overflowCount={99}
          aria-label={t('menu.needsYou', { count: e.count })}
        />
      </span>
    ) : (
      e.label
    ),
  }));
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}

function Brand({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={styles.brand}>
      <span className={styles.brandMark}>{t('app.mark')}</span>
      {!compact && (
        <span className={styles.brandText}>
          {t('app.siderLine1')}
          <br />
          {t('app.siderLine2')}
        </span>
      )}
    </div>
  );
}

function UserMenu({ me, mobile }: { me: Me; mobile: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();
  const [changingPassword, setChangingPassword] = useState(false);
  const items: MenuProps['items'] = [
    ...(mobile
      ? [
          {
            key: 'who',
            disabled: true,
            label: (
              <div className={styles.whoInMenu}>
                <div>{t(`role.${me.role}`)}</div>
                <div>{me.unit.name}</div>
                <div>
                  {t('layout.scope')}
                  {me.scopeRegion.name}
                </div>
              </div>
            ),
          },
          { type: 'divider' as const },
        ]
      : []),
    { key: 'password', icon: <KeyOutlined />, label: t('layout.changePassword') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setChangingPassword(true);
    if (key === 'logout') {
      logout.mutate(undefined, {
        onSuccess: () => {
          message.success(t('layout.loggedOut'));
          navigate('/login', { replace: true });
        },
        onError: (err) => message.error(errorMessage(err)),
      });
    }
  };
  return (
    <>
      {/* The name is where people click for their account, so name, role and icon are one trigger. */}
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button
          type="text"
          className={mobile ? styles.userButton : `${styles.userButton} ${styles.userButtonWithName}`}
          aria-label={t('layout.userMenu')}
        >
          {!mobile && (
            <span className={styles.who}>
              <span className={styles.whoName}>
                <Typography.Text strong>{me.displayName}</Typography.Text>
                <Tag color="red" className={styles.roleTag}>
                  {t(`role.${me.role}`)}
                </Tag>
              </span>
              <Typography.Text type="secondary" className={styles.whoLine}>
                {me.unit.name} · {t('layout.scope')}
                {me.scopeRegion.name}
              </Typography.Text>
            </span>
          )}
          <UserOutlined />
          {mobile && <span className={styles.userName}>{me.displayName}</span>}
          <DownOutlined className={styles.caret} />
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}

function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className={styles.pageLoading} role="status" aria-label={t('common.loading')}>
      <Spin size="large" />
    </div>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  if (me.isPending) {
    return (
      <div className={styles.fullPage}>
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return (
      <Result
        status="error"
        title={t('error.loadFailed')}
        subTitle={errorMessage(me.error)}
        extra={<Button onClick={() => me.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const user = me.data;

  return (
    <Layout className={styles.shell}>
      {!mobile && (
        <Sider
          width={216}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className={styles.sider}
          breakpoint="lg"
        >
          <Brand compact={collapsed} />
          <SideMenu me={user} />
        </Sider>
      )}
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={248}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <Brand />
          <SideMenu me={user} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout>
        <Header className={styles.header}>
          {mobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('layout.openMenu')}
            />
          )}
          {mobile && <span className={styles.mobileTitle}>{t('app.shortName')}</span>}
          <div className={styles.headerSpacer} />
          <Space size={mobile ? 4 : 16} align="center">
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu me={user} mobile={mobile} />
          </Space>
        </Header>
        <Content className={styles.content}>
          {/* The frame stays while a page's code arrives (each page is loaded on first visit). One boundary per
              section: a navigation mounts a new one, which shows the spinner at once, where a boundary already on
              screen would keep showing the previous page, with no sign of the click, until the code is in. */}
          <Suspense key={location.pathname.split('/')[1]} fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
