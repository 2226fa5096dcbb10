// 报送日历: open tasks on the day their deadline or next report falls (Beijing calendar), with their lights; a
// month on a desk, a list by day on a phone. The month shown is kept in the address.
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Badge, Button, Calendar, Card, Empty, Grid, Result, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Light, TaskListItem } from '../../../shared/contracts/tasks.ts';
import { errorMessage } from '../../lib/errors.ts';
import { beijingDay, formatDate } from '../../lib/format.ts';
import { useCalendarTasks, useTasks } from './api.ts';
import { DueText, LightDot, TaskStatusTag } from './task-labels.tsx';
import styles from './tasks.module.css';

const badgeColors: Record<Light, string> = {
  red: '#f5222d',
  yellow: '#faad14',
  green: '#52c41a',
  grey: '#bfbfbf',
};

export function CalendarPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const requested = dayjs(`${params.get('month') ?? ''}-01`, 'YYYY-MM-DD', true);
  const month = requested.isValid() ? requested : dayjs().startOf('month');
  // The grid shows six weeks around the month; a phone lists only the month's own days.
  const gridStart = month.startOf('month').startOf('week');
  const from = phone ? month.startOf('month') : gridStart;
  const to = phone ? month.endOf('month') : gridStart.add(41, 'day');
  const tasks = useCalendarTasks(from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD'));
  // Tasks overdue since an earlier month sit on days no longer shown: their count leads to them.
  const overdue = useTasks({ light: 'red', state: 'open' }, 1, 1);
  const overdueCount = overdue.data?.total ?? 0;

  const byDay = new Map<string, TaskListItem[]>();
  for (const task of tasks.data ?? []) {
    const day = task.nextDueAt ? beijingDay(task.nextDueAt) : null;
    if (day) byDay.set(day, [...(byDay.get(day) ?? []), task]);
  }

  const showMonth = (next: Dayjs) =>
    setParams(
      (current) => {
        const p = new URLSearchParams(current);
        if (next.isSame(dayjs(), 'month')) p.delete('month');
        else p.set('month', next.format('YYYY-MM'));
        return p;
      },
      { replace: true },
    );

  if (tasks.isError) {
    return (
      <Card>
        <Result status="error" title={t('error.loadFailed')} subTitle={errorMessage(tasks.error)} />
      </Card>
    );
  }

  const monthSwitch = (
    <Space size={4}>
      <Button
        icon={<LeftOutlined />}
        aria-label={t('tasks.calendar.previous')}
        onClick={() => showMonth(month.subtract(1, 'month'))}
      />
      <Typography.Text strong className={styles.nowrap}>
        {t('tasks.calendar.month', { year: month.year(), month: month.month() + 1 })}
      </Typography.Text>
      <Button
        icon={<RightOutlined />}
        aria-label={t('tasks.calendar.next')}
        onClick={() => showMonth(month.add(1, 'month'))}
      />
      {tasks.isFetching && <Spin size="small" />}
    </Space>
  );

  const overdueLink =
    overdueCount > 0 ? (
      <Link to="/tasks?light=red" className={styles.overdueLink}>
        <LightDot light="red" />
        {t('tasks.calendar.overdue', { count: overdueCount })}
      </Link>
    ) : null;

  if (phone) {
    const days = [...byDay.keys()].sort();
    return (
      <Card title={t('tasks.calendar.title')} extra={monthSwitch}>
        {overdueLink && <div className={styles.toolbar}>{overdueLink}</div>}
        {days.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.calendar.empty')} />
        ) : (
          <div className={styles.dayList}>
            {days.map((day) => (
              <div key={day} data-day={day}>
                <div className={styles.dayHead}>{formatDate(`${day}T12:00:00+08:00`)}</div>
                <div className={styles.cards}>
                  {byDay.get(day)!.map((task) => (
                    <Link
                      key={task.id}
                      to={`/tasks/${task.id}`}
                      className={`${styles.taskCard} ${styles[`card_${task.light}`] ?? ''}`}
                    >
                      <div className={styles.cardHead}>
                        <LightDot light={task.light} />
                        <TaskStatusTag status={task.status} />
                      </div>
                      <div className={styles.cardTitle}>{task.title}</div>
                      <div className={styles.cardFacts}>
                        <DueText task={task} />
                        <span>{task.leadUnit.name}</span>
                      </div>
                    </Link>
                  ))}
                </div>
              </div>
            ))}
          </div>
        )}
      </Card>
    );
  }

  return (
    <Card title={t('tasks.calendar.title')} extra={monthSwitch}>
      {overdueLink}
      <Calendar
        // This month marks today; another month would mark its 1st as if picked, so nothing is marked there.
        className={month.isSame(dayjs(), 'month') ? undefined : styles.nothingPicked}
        value={month.isSame(dayjs(), 'month') ? dayjs() : month}
        mode="month"
        headerRender={() => null}
        onChange={(date) => {
          // A day of the month before or after, clicked in the grid, turns the page to its month.
          if (!date.isSame(month, 'month')) showMonth(date.startOf('month'));
        }}
        cellRender={(date, info) => {
          if (info.type !== 'date') return info.originNode;
          const items = byDay.get(date.format('YYYY-MM-DD')) ?? [];
          if (!items.length) return null;
          return (
            <ul className={styles.calendarCell} data-day={date.format('YYYY-MM-DD')}>
              {items.map((task) => (
                <li
                  key={task.id}
                  title={`${t('tasks.colon', { label: t(`tasks.lightName.${task.light}`) })}${task.title}`}
                >
                  <Link to={`/tasks/${task.id}`}>
                    {/* The light's word beside its colour, for readers who cannot tell red from green. */}
                    <Badge
                      color={badgeColors[task.light]}
                      text={`${t(`tasks.light.${task.light}`)} ${task.title}`}
                    />
                  </Link>
                </li>
              ))}
            </ul>
          );
        }}
      />
    </Card>
  );
}
