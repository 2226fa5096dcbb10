// Accounts: masked list with filters and export; create, edit, (de)activate, unlock, reset password; audited full view.
import { DownloadOutlined, EyeOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Grid,
  Input,
  type MenuProps,
  Modal,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/contracts/common.ts';
import type { User } from '../../../shared/contracts/users.ts';
import { errorMessage } from '../../lib/errors.ts';
import { PagedTable } from '../../lib/paged-table.tsx';
import { UnitSelect } from '../../lib/unit-select.tsx';
import { useListState } from '../../lib/use-list-state.ts';
import { can, useCurrentUser } from '../auth/api.ts';
import {
  type PersonalData,
  roles,
  type UserFilters,
  userExportUrl,
  useUnlockUser,
  useUpdateUser,
  useUsers,
  useViewPersonalData,
} from './api.ts';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { UserFormModal } from './user-form-modal.tsx';

function StatusTag({ user }: { user: User }) {
  const { t } = useTranslation();
  if (!user.active) return <Tag>{t('users.inactive')}</Tag>;
  if (user.locked) return <Tag color="orange">{t('users.locked')}</Tag>;
  return <Tag color="green">{t('users.active')}</Tag>;
}

export function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const writable = can(me, 'users:write');
  const mayViewPersonal = can(me, 'personal:view');
  const { filters, page, pageSize, setFilter, pagination } = useListState<UserFilters>(
    ['q', 'role', 'unitId'],
    ['unitId'],
  );
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [personal, setPersonal] = useState<PersonalData | null>(null);
  const users = useUsers(filters, page, pageSize);
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const viewPersonal = useViewPersonalData();

  const confirmViewPersonal = (user: User) =>
    modal.confirm({
      title: t('users.viewPersonalTitle', { name: user.displayName }),
      content: t('users.viewPersonalWarning'),
      okText: t('users.viewPersonalOk'),
      cancelText: t('common.cancel'),
      onOk: () =>
        viewPersonal.mutateAsync(user.id).then(setPersonal, (err: unknown) => {
          message.error(errorMessage(err));
        }),
    });

  const setActive = (user: User, active: boolean) =>
    modal.confirm({
      title: active
        ? t('users.activateConfirm', { name: user.displayName })
        : t('users.deactivateConfirm', { name: user.displayName }),
      content: active ? undefined : t('users.deactivateHint'),
      okText: active ? t('users.activate') : t('users.deactivate'),
      okButtonProps: { danger: !active },
      cancelText: t('common.cancel'),
      onOk: () =>
        update.mutateAsync({ id: user.id, input: { active } }).then(
          () => message.success(active ? t('users.activated') : t('users.deactivated')),
          (err: unknown) => message.error(errorMessage(err)),
        ),
    });

  // No confirm: unlocking only lets the person try their password again, as the lock running out would.
  const unlockAccount = (user: User) =>
    unlock.mutate(user.id, {
      onSuccess: () =>
        message.success(t('users.unlocked', { name: user.displayName, username: user.username })),
      onError: (err) => message.error(errorMessage(err)),
    });

  const actionsFor = (user: User): MenuProps['items'] => [
    ...(writable
      ? [
          { key: 'reset', label: t('users.resetPassword'), onClick: () => setResetting(user) },
          user.active
            ? {
                key: 'deactivate',
                label: t('users.deactivate'),
                danger: true,
                onClick: () => setActive(user, false),
              }
            : { key: 'activate', label: t('users.activate'), onClick: () => setActive(user, true) },
        ]
      : []),
  ];

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', fixed: screens.md ? 'left' : undefined },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.role'), dataIndex: 'role', render: (role: Role) => t(`role.${role}`) },
    // On a phone: login name, name, role, status and the actions; the rest on wider screens.
    { title: t('users.unit'), key: 'unit', responsive: ['md'], render: (_, u) => u.unit.name },
    { title: t('users.scopeRegion'), key: 'scope', render: (_, u) => u.scopeRegion.name },
    {
      title: t('users.phone'),
      dataIndex: 'phone',
      responsive: ['md'],
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('users.idNumber'),
      dataIndex: 'idNumber',
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
    { title: t('users.status'), key: 'status', render: (_, u) => <StatusTag user={u} /> },
    ...(writable || mayViewPersonal
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            // Kept in view at the right edge when the other columns scroll sideways.
            fixed: 'right' as const,
            render: (_: unknown, u: User) => (
              <Space size={0}>
                {mayViewPersonal && (u.phone || u.idNumber) && (
                  <Button
                    type="link"
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() => confirmViewPersonal(u)}
                  >
                    {t('users.viewPersonal')}
                  </Button>
                )}
                {writable && u.locked && (
                  <Button
                    type="link"
                    size="small"
                    icon={<UnlockOutlined />}
                    loading={unlock.isPending && unlock.variables === u.id}
                    onClick={() => unlockAccount(u)}
                  >
                    {t('users.unlock')}
                  </Button>
                )}
                {writable && (
                  <Button type="link" size="small" onClick={() => setEditing(u)}>
                    {t('common.edit')}
                  </Button>
                )}
                {writable && (
                  <Dropdown menu={{ items: actionsFor(u) }} trigger={['click']}>
                    <Button type="link" size="small">
                      {t('users.more')}
                    </Button>
                  </Dropdown>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('users.title')}
      extra={
        writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('common.search')}
          placeholder={t('users.searchPlaceholder')}
          defaultValue={filters.q}
          onSearch={(q) => setFilter({ q: q.trim() || undefined })}
          style={{ width: 240 }}
        />
        <Select<Role>
          allowClear
          aria-label={t('users.role')}
          placeholder={t('users.roleFilter')}
          style={{ width: 170 }}
          value={filters.role}
          onChange={(role) => setFilter({ role })}
          options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <div style={{ width: 240 }}>
          <UnitSelect
            value={filters.unitId}
            onChange={(unitId) => setFilter({ unitId })}
            placeholder={t('users.unitFilter')}
          />
        </div>
        <Button icon={<DownloadOutlined />} href={userExportUrl(filters)}>
          {t('common.export')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('users.maskedNote')}
      </Typography.Paragraph>
      <PagedTable<User>
        rowKey="id"
        columns={columns}
        query={users}
        pagination={pagination}
        empty={t('users.empty')}
      />

      {editing && (
        <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
      <Modal
        open={personal !== null}
        title={t('users.personalTitle', { name: personal?.displayName })}
        onCancel={() => setPersonal(null)}
        footer={<Button onClick={() => setPersonal(null)}>{t('common.close')}</Button>}
        destroyOnHidden
      >
        {personal && (
          <>
            <Descriptions
              column={1}
              bordered
              size="small"
              items={[
                { key: 'name', label: t('users.displayName'), children: personal.displayName },
                { key: 'phone', label: t('users.phone'), children: personal.phone ?? '—' },
                { key: 'id', label: t('users.idNumber'), children: personal.idNumber ?? '—' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
              {t('users.personalRecorded')}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </Card>
  );
}
