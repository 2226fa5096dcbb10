// Creating a grid under a community, correcting a grid's name and population, or another region's population
// (official names come from the division codes and are not edited here).
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../shared/contracts/regions.ts';
import { applyFieldErrors, errorMessage } from '../../lib/errors.ts';
import { type RegionSummary, useCreateGrid, useUpdateRegion } from './api.ts';

type GridForm = { name: string; code?: string; population: number; populationAged60Plus: number };

type Props = { parent: Region | null; region: RegionSummary | null; onClose: () => void };

export function GridFormModal({ parent, region, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GridForm>();
  const create = useCreateGrid();
  const update = useUpdateRegion();
  const creating = !region;
  const named = creating || region.level === 'grid';

  const submit = (values: GridForm) => {
    const onError = (err: unknown) => {
      if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
    };
    if (creating && parent) {
      create.mutate(
        { ...values, code: values.code?.trim() || undefined, parentCode: parent.code },
        {
          onSuccess: (grid) => {
            message.success(t('regions.gridCreated', { name: grid.name, code: grid.code }));
            onClose();
          },
          onError,
        },
      );
    } else if (region) {
      update.mutate(
        {
          code: region.code,
          ...(named ? { name: values.name } : {}),
          population: values.population,
          populationAged60Plus: values.populationAged60Plus,
        },
        {
          onSuccess: () => {
            message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    }
  };

  return (
    <Modal
      open
      title={
        creating
          ? t('regions.newGridIn', { name: parent?.name })
          : named
            ? t('regions.editGrid', { name: region?.name })
            : t('regions.editPopulation', { name: region?.name })
      }
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form<GridForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          region
            ? {
                name: region.name,
                population: region.population,
                populationAged60Plus: region.populationAged60Plus,
              }
            : { population: 0, populationAged60Plus: 0 }
        }
      >
        {named && (
          <Form.Item
            name="name"
            label={t('regions.gridName')}
            rules={[
              { required: true, whitespace: true, message: t('regions.gridNameRequired') },
              { max: 50, message: t('validation.maxLength', { max: 50 }) },
            ]}
          >
            <Input placeholder={t('regions.gridNamePlaceholder')} />
          </Form.Item>
        )}
        {creating && parent && (
          <Form.Item
            name="code"
            label={t('regions.gridCode')}
            extra={t('regions.gridCodeHint', { code: parent.code })}
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  const v = value?.trim();
                  if (!v) return;
                  if (!/^\d{15}$/.test(v)) throw new Error(t('regions.gridCodeFormat'));
                  if (!v.startsWith(parent.code))
                    throw new Error(t('regions.gridCodePrefix', { code: parent.code }));
                },
              },
            ]}
          >
            <Input inputMode="numeric" maxLength={15} placeholder={`${parent.code}001`} />
          </Form.Item>
        )}
        <Form.Item
          name="population"
          label={t('regions.population')}
          rules={[{ required: true, message: t('regions.populationRequired') }]}
        >
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="populationAged60Plus"
          label={t('regions.aged60Plus')}
          dependencies={['population']}
          rules={[
            { required: true, message: t('regions.populationRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: number | null) => {
                if (value !== null && value !== undefined && value > (getFieldValue('population') ?? 0)) {
                  throw new Error(t('regions.agedTooMany'));
                }
              },
            }),
          ]}
        >
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
