// A meeting date: a date picker, or, when the report gave only month and day (--05-10), a clear ask for the year.
import { Alert, Button, DatePicker, InputNumber, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMeetingDate } from '../../lib/format.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The year offered first: the publication year, or this year. */
  defaultYear?: number;
  id?: string;
};

export function isPartialDate(value: string | null | undefined): value is string {
  return Boolean(value?.startsWith('--'));
}

export function MeetingDateInput({ value, onChange, defaultYear, id }: Props) {
  const { t } = useTranslation();
  const [year, setYear] = useState<number | null>(defaultYear ?? dayjs().year());
  if (isPartialDate(value)) {
    const monthDay = value.slice(2);
    const valid = year !== null && dayjs(`${year}-${monthDay}`, 'YYYY-MM-DD', true).isValid();
    return (
      <Alert
        type="warning"
        showIcon
        title={t('meetings.importPage.yearTitle', { date: formatMeetingDate(value) })}
        description={
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <span>{t('meetings.importPage.yearPrompt')}</span>
            <Space wrap>
              <InputNumber<number>
                id={id}
                aria-label={t('meetings.importPage.year')}
                min={2000}
                max={2100}
                precision={0}
                value={year}
                onChange={setYear}
                suffix={t('meetings.importPage.year')}
                style={{ width: 130 }}
              />
              <Button type="primary" disabled={!valid} onClick={() => onChange?.(`${year}-${monthDay}`)}>
                {t('meetings.importPage.yearConfirm', { year: year ?? '' })}
              </Button>
            </Space>
          </Space>
        }
      />
    );
  }
  return (
    <DatePicker
      id={id}
      style={{ width: '100%', maxWidth: 240 }}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
    />
  );
}
