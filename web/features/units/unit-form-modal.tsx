// Creating or editing a unit.
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitKind } from '../../../shared/contracts/units.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { RegionSelect } from '../../lib/region-select.tsx';
import { UnitSelect } from '../../lib/unit-select.tsx';
import { unitKinds, useSaveUnit } from './api.ts';

type UnitForm = {
  name: string;
  shortName?: string;
  kind: UnitKind;
  parentId?: number;
  regionCode: string;
  contactPhone?: string;
};

const contactPhonePattern = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

type Props = {
  unit: Unit | null;
  defaultRegion: { code: string; name: string };
  onClose: (saved?: Unit) => void;
};

export function UnitFormModal({ unit, defaultRegion, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitForm>();
  const save = useSaveUnit();

  // A role without personal:view gets the phone masked (0717-***2222): left as it is, it is not sent, so the
  // stored number stays; typing a new one replaces it.
  const maskedPhone = unit?.contactPhone?.includes('*') ? unit.contactPhone : null;

  const submit = (values: UnitForm) => {
    const phone = values.contactPhone?.trim() || null;
    const input = {
      name: values.name.trim(),
      shortName: values.shortName?.trim() || null,
      kind: values.kind,
      parentId: values.parentId ?? null,
      regionCode: values.regionCode,
      ...(maskedPhone !== null && phone === maskedPhone ? {} : { contactPhone: phone }),
    };
    save.mutate(
      { id: unit?.id ?? null, input },
      {
        onSuccess: (saved) => {
          message.success(unit ? t('common.saved') : t('units.created', { name: saved.name }));
          onClose(saved);
        },
        onError: (err) => {
          if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Modal
      open
      title={unit ? t('units.editTitle', { name: unit.name }) : t('units.createTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<UnitForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          unit
            ? {
                name: unit.name,
                shortName: unit.shortName ?? undefined,
                kind: unit.kind,
                parentId: unit.parentId ?? undefined,
                regionCode: unit.regionCode,
                contactPhone: unit.contactPhone ?? undefined,
              }
            : { regionCode: defaultRegion.code }
        }
      >
        <Form.Item
          name="name"
          label={t('units.name')}
          rules={[
            { required: true, whitespace: true, message: t('units.nameRequired') },
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
          ]}
        >
          <Input placeholder={t('units.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="shortName"
          label={t('units.shortName')}
          rules={[{ max: 20, message: t('validation.maxLength', { max: 20 }) }]}
        >
          <Input placeholder={t('units.shortNamePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('units.kind')}
          rules={[{ required: true, message: t('units.kindRequired') }]}
        >
          <Select
            placeholder={t('common.choose')}
            options={unitKinds.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="parentId" label={t('units.parent')}>
          <UnitSelect
            initialLabel={unit?.parentName}
            excludeId={unit?.id}
            placeholder={t('units.parentPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('units.region')}
          rules={[{ required: true, message: t('units.regionRequired') }]}
        >
          <RegionSelect initialLabel={unit?.regionName ?? defaultRegion.name} />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('units.contactPhone')}
          extra={maskedPhone ? t('units.contactPhoneMasked') : undefined}
          rules={[
            {
              validator: (_rule, value?: string) =>
                !value?.trim() || value.trim() === maskedPhone || contactPhonePattern.test(value.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('units.contactPhoneFormat'))),
            },
          ]}
        >
          <Input inputMode="tel" placeholder={t('units.contactPhonePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
