// Choosing a unit by typing part of its name.
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { useUnit, useUnits } from './api.ts';

type Props = {
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  initialLabel?: string | null;
  /** A unit cannot be its own parent. */
  excludeId?: number;
  placeholder?: string;
  id?: string;
};

export function UnitSelect({ value, onChange, initialLabel, excludeId, placeholder, id }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text);
  const units = useUnits({ q: q || undefined }, 1, 50);
  const options = (units.data?.items ?? [])
    .filter((u) => u.id !== excludeId)
    .map((u) => ({ value: u.id, label: u.name }));
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
      loading={units.isFetching}
      placeholder={placeholder ?? t('units.selectPlaceholder')}
      notFoundContent={t('units.selectNone')}
      options={options}
    />
  );
}
