// Importing grids from an Excel/CSV sheet: upload with progress, then either what was created or every bad row.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ErrorDetail } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { type GridImportResult, gridTemplateUrl, useImportGrids } from './api.ts';

type Outcome =
  | { kind: 'done'; result: GridImportResult }
  | { kind: 'refused'; message: string; details: ErrorDetail[] }
  | null;

type Props = { open: boolean; onClose: () => void; regionCode: string };

export function GridImportModal({ open, onClose, regionCode }: Props) {
  const { t } = useTranslation();
  const importGrids = useImportGrids();
  const [fileName, setFileName] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const close = () => {
    setFileName(null);
    setProgress(0);
    setOutcome(null);
    importGrids.reset();
    onClose();
  };

  const start = (file: File) => {
    setFileName(file.name);
    setProgress(0);
    setOutcome(null);
    importGrids.mutate(
      { file, onProgress: setProgress },
      {
        onSuccess: (result) => setOutcome({ kind: 'done', result }),
        onError: (err) => {
          const details = err instanceof ApiError ? err.details.filter((d) => d.row !== undefined) : [];
          // The server's one-line summary names the first field in English; the table says it all in Chinese.
          const message = details.length
            ? t('regions.importRefused', { count: details.length })
            : errorMessage(err);
          setOutcome({ kind: 'refused', message, details });
        },
      },
    );
  };

  const columnName = (field: string | undefined) =>
    field ? t(`regions.importColumn.${field}`, { defaultValue: field }) : '';

  return (
    <Modal
      open={open}
      title={t('regions.importTitle')}
      onCancel={close}
      footer={
        <Space>
          <Button href={gridTemplateUrl(regionCode)}>{t('regions.downloadTemplate')}</Button>
          <Button type="primary" onClick={close}>
            {outcome?.kind === 'done' ? t('common.done') : t('common.close')}
          </Button>
        </Space>
      }
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('regions.importHelp')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={importGrids.isPending}
        beforeUpload={(file) => {
          start(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('regions.importDrop')}</p>
        <p className="ant-upload-hint">{t('regions.importFormats')}</p>
      </Upload.Dragger>
      {fileName && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text>{fileName}</Typography.Text>
          <Progress
            percent={importGrids.isPending ? Math.min(progress, 99) : outcome ? 100 : progress}
            status={outcome?.kind === 'refused' ? 'exception' : importGrids.isPending ? 'active' : undefined}
          />
          {importGrids.isPending && progress === 100 && (
            <Typography.Text type="secondary">{t('regions.importChecking')}</Typography.Text>
          )}
        </div>
      )}
      {outcome?.kind === 'done' && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          title={t('regions.importDone', { count: outcome.result.created })}
          description={
            <Table
              size="small"
              rowKey="code"
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              dataSource={outcome.result.grids}
              columns={[
                { title: t('regions.gridName'), dataIndex: 'name' },
                { title: t('regions.gridCode'), dataIndex: 'code' },
                { title: t('regions.importColumn.parentCode'), dataIndex: 'parentCode' },
              ]}
            />
          }
        />
      )}
      {outcome?.kind === 'refused' && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          title={outcome.message}
          description={
            outcome.details.length > 0 ? (
              <Table<ErrorDetail>
                size="small"
                rowKey={(d) => `${d.row}-${d.field}-${d.message}`}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 'max-content' }}
                dataSource={outcome.details}
                columns={[
                  { title: t('regions.importRow'), dataIndex: 'row', width: 80 },
                  { title: t('regions.importColumnTitle'), dataIndex: 'field', render: columnName },
                  { title: t('regions.importProblem'), dataIndex: 'message' },
                ]}
              />
            ) : null
          }
        />
      )}
    </Modal>
  );
}
