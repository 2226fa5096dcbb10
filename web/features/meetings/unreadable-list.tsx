// The garbled spans a draft meeting still has, each with the directives that hold it: the reviewer takes the
// suggestion (the text and those directives change with it) or keeps the mark and corrects the directive by hand.
import { Alert, Button, Popconfirm, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type Directive,
  garbledSpansIn,
  type Meeting,
  type StoredUnreadableSpan,
} from '../../../shared/contracts/meetings.ts';
import styles from './meetings.module.css';

/** A few characters either side of a garbled span, so the user can judge the suggestion. */
function contextOf(text: string, start: number, end: number): [string, string] {
  return [text.slice(Math.max(0, start - 14), start), text.slice(end, end + 14)];
}

/** …text before<garbled run>text after…, then the suggested reading when there is one. */
export function GarbledInContext({
  text,
  span,
}: {
  text: string;
  span: { start: number; end: number; raw: string; suggestion?: string | null };
}) {
  const { t } = useTranslation();
  const [before, after] = contextOf(text, span.start, span.end);
  return (
    <>
      <span className={styles.context}>
        …{before}
        <span className={styles.unreadableRaw}>{span.raw}</span>
        {after}…
      </span>
      {span.suggestion && (
        <span>
          {t('meetings.unreadable.suggestion')}：<Typography.Text strong>{span.suggestion}</Typography.Text>
        </span>
      )}
    </>
  );
}

/** The directives whose text still holds this span. */
export function holdersOf(meeting: Meeting, span: StoredUnreadableSpan): Directive[] {
  return meeting.directives.filter((d) => garbledSpansIn(d, meeting.cleanText, [span]).length > 0);
}

type Props = {
  meeting: Meeting;
  deciding: boolean;
  onDecide: (span: StoredUnreadableSpan, accept: boolean) => void;
  onShowDirective: (directive: Directive) => void;
};

export function UnreadableList({ meeting, deciding, onDecide, onShowDirective }: Props) {
  const { t } = useTranslation();
  const open = meeting.unreadable.filter((u) => u.resolution !== 'accepted');
  if (open.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-unreadable-list
      title={t('meetings.unreadable.openTitle', { count: open.length })}
      description={
        <Space orientation="vertical" size={4} className={styles.fullWidth}>
          <Typography.Text type="secondary">{t('meetings.unreadable.openHelp')}</Typography.Text>
          {open.map((span) => {
            const holders = holdersOf(meeting, span);
            return (
              <div key={span.start} className={styles.unreadableRow} data-unreadable-open={span.start}>
                <GarbledInContext text={meeting.cleanText} span={span} />
                {!span.suggestion && (
                  <Typography.Text type="warning">
                    {t('meetings.unreadable.noSuggestionStored')}
                  </Typography.Text>
                )}
                {span.resolution === 'rejected' && (
                  <Typography.Text type="secondary">{t('meetings.unreadable.keptMarked')}</Typography.Text>
                )}
                {holders.length > 0 && (
                  <span>
                    {t('meetings.unreadable.heldBy')}
                    {holders.map((d, i) => (
                      <span key={d.id}>
                        {i > 0 && '、'}
                        <Typography.Link onClick={() => onShowDirective(d)}>
                          {t('meetings.unreadable.directiveSeq', { seq: d.seq })}
                        </Typography.Link>
                      </span>
                    ))}
                  </span>
                )}
                {(span.suggestion || span.resolution === 'pending') && (
                  <Space size={4}>
                    {span.suggestion && (
                      <Popconfirm
                        title={t('meetings.unreadable.acceptConfirm', {
                          raw: span.raw,
                          suggestion: span.suggestion,
                        })}
                        onConfirm={() => onDecide(span, true)}
                      >
                        <Button size="small" type="primary" loading={deciding}>
                          {t('meetings.unreadable.acceptSuggestion')}
                        </Button>
                      </Popconfirm>
                    )}
                    {span.resolution === 'pending' && (
                      <Button size="small" loading={deciding} onClick={() => onDecide(span, false)}>
                        {t('meetings.unreadable.keepMark')}
                      </Button>
                    )}
                  </Space>
                )}
              </div>
            );
          })}
        </Space>
      }
    />
  );
}
