// A meeting date: a date picker, or, when the report gave only month and day (--05-10), a clear ask for the year.
import { Alert, Button, DatePicker, type FormRule, InputNumber, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijingToday, isCalendarDay } from '../../../shared/contracts/common.ts';
import { formatMeetingDate } from '../../lib/format.ts';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The year offered first: the publication year; without one, this year, said to be a guess. */
  defaultYear?: number;
  id?: string;
};

export function isPartialDate(value: string | null | undefined): value is string {
  return Boolean(value?.startsWith('--'));
}

/** A meeting is recorded after it is held: days after today (Beijing time) cannot be picked. */
export function isAfterToday(day: Dayjs): boolean {
  return day.format('YYYY-MM-DD') > beijingToday();
}

/** The form rule the server also applies: a full meeting date may not be after today. */
export function notAfterTodayRule(t: TFunction): FormRule {
  return {
    validator: (_, value: string | null | undefined) => {
      const today = beijingToday();
      // A date without a year (--05-10) sorts before any full date, so it always passes.
      return value && value > today
        ? Promise.reject(new Error(t('meetings.form.dateFuture', { today })))
        : Promise.resolve();
    },
  };
}

/** Why the typed year cannot complete --MM-DD, or null when it can. */
function yearProblem(t: TFunction, year: number | null, monthDay: string): string | null {
  if (year === null) return t('meetings.importPage.yearRequired');
  if (year < 1000 || year > 9999) return t('meetings.importPage.yearDigits');
  const [month, day] = monthDay.split('-').map(Number);
  if (!isCalendarDay(year, month!, day!))
    return t('meetings.importPage.yearNoSuchDay', { year, date: formatMeetingDate(`${year}-${monthDay}`) });
  const today = beijingToday();
  if (`${year}-${monthDay}` > today) return t('meetings.form.dateFuture', { today });
  return null;
}

export function MeetingDateInput({ value, onChange, defaultYear, id }: Props) {
  const { t } = useTranslation();
  const thisYear = Number(beijingToday().slice(0, 4));
  const [year, setYear] = useState<number | null>(defaultYear ?? thisYear);
  if (isPartialDate(value)) {
    const monthDay = value.slice(2);
    const problem = yearProblem(t, year, monthDay);
    // Said while the year shown is still the one offered, so nobody takes a guess for a fact.
    const offered = year === (defaultYear ?? thisYear);
    return (
      <Alert
        type="warning"
        showIcon
        title={t('meetings.importPage.yearTitle', { date: formatMeetingDate(value) })}
        description={
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <span>{t('meetings.importPage.yearPrompt')}</span>
            {offered && (
              <Typography.Text type="secondary" data-year-origin>
                {defaultYear === undefined
                  ? t('meetings.importPage.yearGuess', { year: thisYear })
                  : t('meetings.importPage.yearFromPublished', { year: defaultYear })}
              </Typography.Text>
            )}
            <Space wrap>
              {/* No min/max: the box would clamp a year out of range on blur and disagree with the button. */}
              <InputNumber<number>
                id={id}
                aria-label={t('meetings.importPage.year')}
                precision={0}
                controls={false}
                value={year}
                onChange={setYear}
                status={problem ? 'error' : undefined}
                suffix={t('meetings.importPage.year')}
                style={{ width: 130 }}
              />
              <Button
                type="primary"
                disabled={problem !== null}
                onClick={() => onChange?.(`${year}-${monthDay}`)}
              >
                {t('meetings.importPage.yearConfirm', { year: year ?? '' })}
              </Button>
            </Space>
            {problem && (
              <Typography.Text type="danger" role="alert">
                {problem}
              </Typography.Text>
            )}
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
      disabledDate={isAfterToday}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
    />
  );
}
