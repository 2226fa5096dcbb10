// Choosing a region by typing part of its name or code, among the regions the user may see. Shared by every
// feature's forms and list filters (a feature does not import another feature's files).
import { useQuery } from '@tanstack/react-query';
import { Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionLevel } from '../../shared/contracts/common.ts';
import type { Region } from '../../shared/contracts/regions.ts';
import { regionKeys, useRegionSearch } from '../features/regions/api.ts';
import { api } from './api-client.ts';
import { formatRegionLevel } from './format.ts';
import { useDebouncedValue } from './use-debounced-value.ts';

type Props = {
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** The current value's name, so an edit form shows 西陵区 rather than a bare code before any search. */
  initialLabel?: string;
  placeholder?: string;
  id?: string;
};

export function RegionSelect({ value, onChange, initialLabel, placeholder, id }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = useDebouncedValue(text);
  const search = useRegionSearch(query, { pageSize: 30 });
  // The name of the last region picked here, so the box keeps showing it once the search text is gone.
  const [picked, setPicked] = useState<{ code: string; name: string } | null>(null);
  const searching = text.trim().length > 0;
  // While typing, the list holds only the answer to what is typed: a stale answer, or the current value kept on
  // top, would be what Enter picks (typing 西陵 must not leave 宜昌市 highlighted).
  const answered = searching && query.trim() === text.trim() && !search.isPlaceholderData;
  const options = (answered ? (search.data?.items ?? []) : []).map((r) => ({
    value: r.code,
    label: r.name,
    level: r.level,
    code: r.code,
  }));
  // A value from the address (a list filter) comes without its name: it is read once, so the box says 西陵区.
  const named = useQuery({
    queryKey: regionKeys.detail(value ?? ''),
    queryFn: ({ signal }) => api.get<Region>(`/api/regions/${value}`, undefined, signal),
    enabled: Boolean(value) && !initialLabel && picked?.code !== value,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!searching && value) {
    const label = picked?.code === value ? picked.name : (initialLabel ?? named.data?.name ?? value);
    options.push({ value, label, level: '' as RegionLevel, code: value });
  }
  return (
    <Select
      id={id}
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(v, option) => {
        const chosen = Array.isArray(option) ? undefined : option;
        setPicked(v && chosen ? { code: v, name: String(chosen.label) } : null);
        onChange?.(v);
      }}
      allowClear
      placeholder={placeholder ?? t('regions.selectPlaceholder')}
      loading={search.isFetching}
      notFoundContent={
        searching
          ? answered
            ? t('regions.selectNone')
            : t('regions.selectSearching')
          : t('regions.selectTypeToSearch')
      }
      options={options}
      optionRender={(option) => (
        <span>
          {option.data.label}{' '}
          {option.data.level && (
            <Tag style={{ marginInlineStart: 4 }}>{formatRegionLevel(option.data.level)}</Tag>
          )}
          <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{option.data.code}</span>
        </span>
      )}
    />
  );
}
