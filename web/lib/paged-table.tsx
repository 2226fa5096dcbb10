// The table of a server-paged list: rows of the current page, a loading veil while the page is fetched, the
// server's message when it fails, and the page's own words when nothing matches.
import type { UseQueryResult } from '@tanstack/react-query';
import { Empty, Table, type TablePaginationConfig, type TableProps } from 'antd';
import { errorMessage } from './errors.ts';

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'locale' | 'pagination'> & {
  query: UseQueryResult<{ items: T[]; total: number }>;
  pagination: (total: number | undefined) => TablePaginationConfig;
  empty: string;
};

export function PagedTable<T extends object>({ query, pagination, empty, ...table }: Props<T>) {
  return (
    <Table<T>
      scroll={{ x: 'max-content' }}
      {...table}
      dataSource={query.data?.items}
      loading={query.isFetching}
      locale={{
        emptyText: query.isError ? (
          errorMessage(query.error)
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
        ),
      }}
      pagination={pagination(query.data?.total)}
    />
  );
}
