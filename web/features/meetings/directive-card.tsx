// One directive as a card: number, status, category, its text (a click shows where it came from), units, regions,
// numbers and deadline, and whatever actions the page offers.
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveCategory, DirectiveStatus } from '../../../shared/contracts/meetings.ts';
import { CategoryTag, DirectiveStatusTag } from './meeting-tags.tsx';
import styles from './meetings.module.css';

export type DirectiveView = {
  text: string;
  category: DirectiveCategory;
  units: string[];
  regions: string[];
  numbers: { text: string }[];
  deadline: string | null;
  status?: DirectiveStatus;
};

type Props = {
  seq: number;
  directive: DirectiveView;
  selected?: boolean;
  /** Marked red after the server refused to finish the review because of it. */
  pending?: boolean;
  onShow?: () => void;
  /** Replaces the category tag (an inline select while reviewing). */
  category?: ReactNode;
  leading?: ReactNode;
  note?: ReactNode;
  /** Below the facts: the tasks made from the directive (转为任务). */
  tasks?: ReactNode;
  actions?: ReactNode;
};

export function DirectiveCard({
  seq,
  directive,
  selected,
  pending,
  onShow,
  category,
  leading,
  note,
  tasks,
  actions,
}: Props) {
  const { t } = useTranslation();
  const status = directive.status;
  const classes = [
    styles.directive,
    status ? styles[`directive_${status}`] : '',
    selected ? styles.directiveSelected : '',
    pending ? styles.directivePending : '',
  ];
  return (
    <div className={classes.join(' ')} data-directive={seq} data-status={status}>
      <div className={styles.directiveHead}>
        {leading}
        <span className={styles.seq}>{seq}</span>
        {status && <DirectiveStatusTag status={status} />}
        {category ?? <CategoryTag category={directive.category} />}
        {note}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a paragraph of text that also shows its source; a button would restyle it */}
      <div
        className={styles.directiveText}
        role="button"
        tabIndex={0}
        onClick={onShow}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onShow?.();
          }
        }}
      >
        {directive.text}
      </div>
      {(directive.units.length > 0 ||
        directive.regions.length > 0 ||
        directive.numbers.length > 0 ||
        directive.deadline) && (
        <div className={styles.directiveFacts}>
          {directive.units.length > 0 && (
            <span className={styles.factLabel}>{t('meetings.directive.units')}</span>
          )}
          {directive.units.map((u) => (
            <Tag key={`u-${u}`} color="geekblue">
              {u}
            </Tag>
          ))}
          {directive.regions.length > 0 && (
            <span className={styles.factLabel}>{t('meetings.directive.regions')}</span>
          )}
          {directive.regions.map((r) => (
            <Tag key={`r-${r}`} color="green">
              {r}
            </Tag>
          ))}
          {directive.numbers.length > 0 && (
            <span className={styles.factLabel}>{t('meetings.directive.numbers')}</span>
          )}
          {directive.numbers.map((n) => (
            <Tag key={`n-${n.text}`} color="volcano">
              {n.text}
            </Tag>
          ))}
          {directive.deadline && (
            <>
              <span className={styles.factLabel}>{t('meetings.directive.deadline')}</span>
              <Typography.Text strong>{directive.deadline}</Typography.Text>
            </>
          )}
        </div>
      )}
      {tasks}
      {actions && <div className={styles.directiveActions}>{actions}</div>}
    </div>
  );
}
