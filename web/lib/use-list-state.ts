// A server-paged list's filters, page and page size, kept in the address: a reload, the back button or a shared
// link shows the same list. Only the keys a page names are read, so a stray parameter never reaches the API.
import type { TablePaginationConfig } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

type FilterValue = string | number | undefined;
const PAGE_SIZES = [10, 20, 50, 100];

export function useListState<F extends Record<string, FilterValue>>(
  keys: readonly (keyof F & string)[],
  numeric: readonly (keyof F & string)[] = [],
) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();

  const filters = {} as F;
  for (const key of keys) {
    const raw = params.get(key);
    if (raw === null || raw === '') continue;
    const value = numeric.includes(key) ? Number(raw) : raw;
    if (typeof value === 'number' && !Number.isInteger(value)) continue;
    (filters as Record<string, FilterValue>)[key] = value;
  }
  const page = Math.max(1, Math.trunc(Number(params.get('page'))) || 1);
  const requestedSize = Number(params.get('size'));
  const pageSize = PAGE_SIZES.includes(requestedSize) ? requestedSize : 20;

  const update = (changes: Record<string, FilterValue>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '' || (key === 'page' && value === 1)) next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );

  /** Changes some filters and goes back to the first page. */
  const setFilter = (next: Partial<F>) => update({ ...next, page: 1 });

  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: page,
    pageSize,
    total: total ?? 0,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: true,
    showTotal: (count) => t('common.total', { total: count }),
    onChange: (nextPage, size) => update({ page: size === pageSize ? nextPage : 1, size }),
  });

  return { filters, page, pageSize, setFilter, pagination };
}

/** The range picker's value for a from/to filter pair stored as dates (the first 10 characters are the day). */
export function dateRange(
  from: string | undefined,
  to: string | undefined,
): [Dayjs | null, Dayjs | null] | null {
  if (!from && !to) return null;
  const day = (value: string | undefined) => (value ? dayjs(value.slice(0, 10)) : null);
  return [day(from), day(to)];
}
