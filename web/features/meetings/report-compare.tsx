// The original and the clean text of a report: side by side on a wide screen, as tabs on a phone.
import { Grid, Tabs, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextEdit } from '../../../shared/contracts/meetings.ts';
import type { EditKind } from './api.ts';
import styles from './meetings.module.css';
import { EditLegend, OriginalWithEdits } from './report-text.tsx';

type Props = {
  original: string;
  edits: readonly TextEdit[];
  /** The clean text pane, already built (it carries the caller's highlight and marks). */
  clean: ReactNode;
  /** Extra controls shown above the clean text (e.g. "add a directive from the selection"). */
  cleanExtra?: ReactNode;
  /** On a phone: which tab shows; the caller switches to the clean text when a directive is clicked. */
  phoneTab?: 'clean' | 'original';
  onPhoneTabChange?: (tab: 'clean' | 'original') => void;
};

export function ReportCompare({ original, edits, clean, cleanExtra, phoneTab, onPhoneTabChange }: Props) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [hidden, setHidden] = useState<ReadonlySet<EditKind>>(new Set());
  const [ownTab, setOwnTab] = useState<'clean' | 'original'>('clean');
  const tab = phoneTab ?? ownTab;
  const toggle = (kind: EditKind) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  const originalPane = (
    <div data-pane="original">
      <EditLegend edits={edits} hidden={hidden} onToggle={toggle} />
      <OriginalWithEdits original={original} edits={edits} hidden={hidden} />
      <Typography.Text type="secondary" className={styles.muted}>
        {t('meetings.text.legendHint')}
      </Typography.Text>
    </div>
  );
  const cleanPane = (
    <div data-pane="clean">
      {cleanExtra}
      {clean}
    </div>
  );

  if (screens.lg) {
    return (
      <div className={styles.textPanes}>
        <div>
          <div className={styles.paneTitle}>{t('meetings.text.original')}</div>
          {originalPane}
        </div>
        <div>
          <div className={styles.paneTitle}>{t('meetings.text.clean')}</div>
          {cleanPane}
        </div>
      </div>
    );
  }
  return (
    <Tabs
      activeKey={tab}
      destroyOnHidden
      onChange={(key) => {
        const next = key as 'clean' | 'original';
        setOwnTab(next);
        onPhoneTabChange?.(next);
      }}
      items={[
        { key: 'clean', label: t('meetings.text.clean'), children: cleanPane },
        { key: 'original', label: t('meetings.text.original'), children: originalPane },
      ]}
    />
  );
}
