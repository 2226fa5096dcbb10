// Creating an account, or changing one's name, role, unit, scope and personal data.
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/contracts/common.ts';
import { explainIdNumberProblem } from '../../../shared/contracts/personal.ts';
import type { User, UserUpdate } from '../../../shared/contracts/users.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { RegionSelect } from '../../lib/region-select.tsx';
import { UnitSelect } from '../../lib/unit-select.tsx';
import { NewPasswordFields } from '../auth/password-strength.tsx';
import { unitQuery } from '../units/api.ts';
import { roles, useCreateUser, useUpdateUser } from './api.ts';

type UserForm = {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: number;
  scopeRegionCode: string;
  phone?: string;
  idNumber?: string;
};

const usernamePattern = /^[a-z][a-z0-9_.-]{2,31}$/;
const phonePattern = /^1[3-9]\d{9}$/;

/** A city's 12-digit code ends in eight zeros (420500000000); its units answer for the whole city. */
const isWholeCity = (code: string) => code.endsWith('00000000');

type Props = { user: User | null; onClose: () => void };

export function UserFormModal({ user, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserForm>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [scopeLabel, setScopeLabel] = useState(user?.scopeRegion.name);
  // The scope this form filled in from a unit, so choosing another unit may replace it while nobody has changed it.
  const filledFromUnit = useRef<string | null>(null);

  /**
   * A new account starts with no scope: it is chosen, never inherited from the administrator. Choosing a district's
   * unit fills in that district while the scope is empty; a city-wide unit leaves it empty, since city-wide access
   * must be picked on purpose.
   */
  const fillScopeFromUnit = async (unitId: number | undefined) => {
    const current = form.getFieldValue('scopeRegionCode') as string | undefined;
    if (current && current !== filledFromUnit.current) return;
    const unit = unitId ? await queryClient.fetchQuery(unitQuery(unitId)).catch(() => null) : null;
    if (form.getFieldValue('unitId') !== unitId) return; // another unit was chosen meanwhile
    if (form.getFieldValue('scopeRegionCode') !== current) return; // the scope was chosen meanwhile
    const code = unit && !isWholeCity(unit.regionCode) ? unit.regionCode : undefined;
    filledFromUnit.current = code ?? null;
    setScopeLabel(unit?.regionName);
    form.setFieldValue('scopeRegionCode', code);
    if (code) form.validateFields(['scopeRegionCode']).catch(() => undefined);
  };

  const onError = (err: unknown) => {
    if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
  };

  const submit = (values: UserForm) => {
    const phone = values.phone?.trim() || undefined;
    const idNumber = values.idNumber?.trim().toUpperCase() || undefined;
    if (!user) {
      create.mutate(
        {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          password: values.password,
          role: values.role,
          unitId: values.unitId,
          scopeRegionCode: values.scopeRegionCode,
          phone: phone ?? null,
          idNumber: idNumber ?? null,
        },
        {
          onSuccess: (created) => {
            message.success(t('users.created', { name: created.displayName, username: created.username }));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    // Phone and ID arrive masked, so an empty box means "keep what is stored".
    const input: UserUpdate = {
      displayName: values.displayName.trim(),
      role: values.role,
      unitId: values.unitId,
      scopeRegionCode: values.scopeRegionCode,
      ...(phone ? { phone } : {}),
      ...(idNumber ? { idNumber } : {}),
    };
    update.mutate(
      { id: user.id, input },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <Modal
      open
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<UserForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        autoComplete="off"
        onValuesChange={(changed: Partial<UserForm>) => {
          if ('unitId' in changed) void fillScopeFromUnit(changed.unitId);
          if ('scopeRegionCode' in changed) filledFromUnit.current = null;
        }}
        initialValues={
          user
            ? {
                displayName: user.displayName,
                role: user.role,
                unitId: user.unit.id,
                scopeRegionCode: user.scopeRegion.code,
              }
            : {}
        }
      >
        {!user && (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameHint')}
            rules={[
              { required: true, whitespace: true, message: t('users.usernameRequired') },
              { pattern: usernamePattern, message: t('users.usernameFormat') },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('users.displayNameRequired') },
            { max: 50, message: t('validation.maxLength', { max: 50 }) },
          ]}
        >
          <Input />
        </Form.Item>
        {!user && <NewPasswordFields name="password" label={t('users.initialPassword')} confirm={false} />}
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select
            placeholder={t('common.choose')}
            options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          rules={[{ required: true, message: t('users.unitRequired') }]}
        >
          <UnitSelect initialLabel={user?.unit.name} />
        </Form.Item>
        <Form.Item
          name="scopeRegionCode"
          label={t('users.scopeRegion')}
          extra={t('users.scopeRegionHint')}
          rules={[{ required: true, message: t('users.scopeRegionRequired') }]}
        >
          <RegionSelect initialLabel={scopeLabel} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.phone')}
          extra={user?.phone ? t('users.keepMasked', { value: user.phone }) : undefined}
          rules={[{ pattern: phonePattern, message: t('users.phoneFormat') }]}
        >
          <Input inputMode="tel" maxLength={11} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('users.idNumber')}
          extra={user?.idNumber ? t('users.keepMasked', { value: user.idNumber }) : undefined}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const problem = value?.trim() ? explainIdNumberProblem(value) : null;
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
