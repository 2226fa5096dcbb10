// A record's page before it can show the record: not found (or out of the caller's scope), failed, or loading.
import { Button, Card, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from './api-client.ts';
import { errorMessage } from './errors.ts';

type RecordQuery = { isError: boolean; isPending: boolean; error: unknown };

/**
 * What to show instead of the record, or null once it is there. An id that cannot be a record's, and a 404 (the
 * server answers one for records outside the caller's scope), read as "not found", with a way back to the list.
 */
export function RecordPageFallback({
  id,
  query,
  notFoundTitle,
  backTo,
  backLabel,
}: {
  id: number;
  query: RecordQuery;
  notFoundTitle: string;
  backTo: string;
  backLabel: string;
}): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const validId = Number.isInteger(id) && id > 0;
  if (!validId || query.isError) {
    const missing = !validId || (query.error instanceof ApiError && query.error.status === 404);
    return (
      <Card>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? notFoundTitle : t('error.loadFailed')}
          subTitle={query.error ? errorMessage(query.error) : t('guard.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate(backTo)}>
              {backLabel}
            </Button>
          }
        />
      </Card>
    );
  }
  if (query.isPending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  return null;
}
