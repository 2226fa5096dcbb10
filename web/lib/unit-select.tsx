// Choosing one unit, or several, by typing part of a name. Shared by every feature's forms and list filters.
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnit, useUnits } from '../features/units/api.ts';
import { useDebouncedValue } from './use-debounced-value.ts';

type Props = {
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  initialLabel?: string | null;
  /** A unit cannot be its own parent. */
  excludeId?: number;
  placeholder?: string;
  id?: string;
};

function useUnitOptions(excludeIds: readonly number[]) {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text);
  const units = useUnits({ q: q || undefined }, 1, 50);
  const options = (units.data?.items ?? [])
    .filter((u) => !excludeIds.includes(u.id))
    .map((u) => ({ value: u.id, label: u.name }));
  return { options, setText, loading: units.isFetching };
}

export function UnitSelect({ value, onChange, initialLabel, excludeId, placeholder, id }: Props) {
  const { t } = useTranslation();
  const { options, setText, loading } = useUnitOptions(excludeId ? [excludeId] : []);
  // A unit chosen elsewhere (a form's saved value, a filter in the address) may not be among the first matches.
  const missing = value && !options.some((o) => o.value === value) ? value : null;
  const chosen = useUnit(missing && !initialLabel ? missing : null);
  if (missing) options.unshift({ value: missing, label: initialLabel ?? chosen.data?.name ?? '…' });
  return (
    <Select
      id={id}
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      allowClear
      loading={loading}
      placeholder={placeholder ?? t('units.selectPlaceholder')}
      notFoundContent={t('units.selectNone')}
      options={options}
    />
  );
}

type MultiProps = {
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** Units that may not be picked here (the lead unit, for co-units). */
  excludeIds?: readonly number[];
  placeholder?: string;
  id?: string;
};

/** Several units (co-units of a task): the names of those picked stay shown whatever is typed next. */
export function UnitMultiSelect({ value = [], onChange, excludeIds = [], placeholder, id }: MultiProps) {
  const { t } = useTranslation();
  const { options, setText, loading } = useUnitOptions(excludeIds);
  const [names, setNames] = useState<Map<number, string>>(new Map());
  for (const picked of value) {
    if (!options.some((o) => o.value === picked))
      options.push({ value: picked, label: names.get(picked) ?? String(picked) });
  }
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(ids, chosen) => {
        const next = new Map(names);
        for (const option of Array.isArray(chosen) ? chosen : []) {
          if (option && typeof option.value === 'number') next.set(option.value, String(option.label));
        }
        setNames(next);
        setText('');
        onChange?.(ids);
      }}
      loading={loading}
      placeholder={placeholder ?? t('units.selectPlaceholder')}
      notFoundContent={t('units.selectNone')}
      options={options}
    />
  );
}
