// A report's two texts: the original with every change the normaliser made marked by kind, and the clean text
// with garbled spans in red and the directive being looked at highlighted.
import { Tag, Tooltip } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextEdit } from '../../../shared/contracts/meetings.ts';
import { type EditKind, editKinds } from './api.ts';
import styles from './meetings.module.css';

export const editKindColors: Record<EditKind, string> = {
  simplify: 'blue',
  gloss: 'purple',
  punctuation: 'orange',
  header: 'default',
  byline: 'default',
  whitespace: 'cyan',
  unreadable: 'red',
};

/** How many changes of each kind, for the legend. */
export function countEdits(edits: readonly TextEdit[]): Partial<Record<EditKind, number>> {
  const counts: Partial<Record<EditKind, number>> = {};
  for (const edit of edits) counts[edit.kind] = (counts[edit.kind] ?? 0) + 1;
  return counts;
}

/** One tag per kind of change with its count; a click hides or shows that kind's marks. */
export function EditLegend({
  edits,
  hidden,
  onToggle,
}: {
  edits: readonly TextEdit[];
  hidden: ReadonlySet<EditKind>;
  onToggle: (kind: EditKind) => void;
}) {
  const { t } = useTranslation();
  const counts = countEdits(edits);
  const present = editKinds.filter((k) => counts[k]);
  if (present.length === 0) return <span className={styles.muted}>{t('meetings.text.noEdits')}</span>;
  return (
    <div className={styles.legend}>
      {present.map((kind) => (
        <Tag.CheckableTag
          key={kind}
          checked={!hidden.has(kind)}
          onChange={() => onToggle(kind)}
          className={`${styles.legendTag} ${styles[`edit_${kind}`]}`}
        >
          {t(`meetings.editKind.${kind}`)} {counts[kind]}
        </Tag.CheckableTag>
      ))}
    </div>
  );
}

/** The original text; each edit's range struck through (or, for 繁简转换, tinted) with what replaced it. */
export function OriginalWithEdits({
  original,
  edits,
  hidden,
}: {
  original: string;
  edits: readonly TextEdit[];
  hidden: ReadonlySet<EditKind>;
}) {
  const { t } = useTranslation();
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  sorted.forEach((edit) => {
    if (edit.start < at) return; // overlapping edits do not occur; never render text twice if they do
    if (edit.start > at) parts.push(original.slice(at, edit.start));
    const slice = original.slice(edit.start, edit.end);
    at = edit.end;
    if (hidden.has(edit.kind)) {
      parts.push(slice);
      return;
    }
    const kindClass = styles[`edit_${edit.kind}`];
    const title = `${t(`meetings.editKind.${edit.kind}`)}${edit.replacement ? `：→ ${edit.replacement}` : ''}`;
    if (edit.kind === 'simplify') {
      parts.push(
        <span
          key={`e${edit.start}`}
          className={`${styles.editMark} ${kindClass}`}
          title={title}
          data-edit={edit.kind}
        >
          {slice}
        </span>,
      );
      return;
    }
    parts.push(
      <span key={`e${edit.start}`} className={kindClass} title={title} data-edit={edit.kind}>
        {slice && <del className={styles.editDel}>{slice}</del>}
        {edit.replacement.trim() && <ins className={styles.editIns}>{edit.replacement}</ins>}
      </span>,
    );
  });
  if (at < original.length) parts.push(original.slice(at));
  return <div className={styles.reportText}>{parts}</div>;
}

export type UnreadableMark = {
  start: number;
  end: number;
  raw: string;
  suggestion?: string;
  /** accepted: in a stored meeting the text at [start, end) is already the suggestion. */
  resolution: 'pending' | 'accepted' | 'rejected';
};

type Range = { start: number; end: number };

/**
 * The clean text. Garbled spans are red (or green once their suggestion was taken); `highlight` is the directive
 * being looked at, scrolled into view. With `onSelect`, a text selection reports its offsets in the clean text.
 */
export function CleanText({
  text,
  unreadable,
  highlight,
  previewSuggestions,
  onSelect,
  onUnreadableClick,
}: {
  text: string;
  unreadable: readonly UnreadableMark[];
  highlight?: Range | null;
  /** In the import preview an accepted suggestion is shown beside the struck-out garble (the text still has the garble). */
  previewSuggestions?: boolean;
  onSelect?: (range: Range | null) => void;
  onUnreadableClick?: (start: number) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!highlight) return;
    box.current
      ?.querySelector(`.${styles.highlight}`)
      ?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [highlight]);

  const marks = [...unreadable].sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  const plain = (start: number, end: number) => {
    // Within plain text only the highlight splits it.
    const cuts = [start, end];
    if (highlight) {
      for (const p of [highlight.start, highlight.end]) if (p > start && p < end) cuts.push(p);
    }
    cuts.sort((a, b) => a - b);
    for (let i = 0; i < cuts.length - 1; i++) {
      const from = cuts[i]!;
      const to = cuts[i + 1]!;
      if (to <= from) continue;
      const lit = highlight && from >= highlight.start && to <= highlight.end;
      parts.push(
        <span
          key={`t${from}`}
          data-start={from}
          data-highlight={lit || undefined}
          className={lit ? styles.highlight : undefined}
        >
          {text.slice(from, to)}
        </span>,
      );
    }
  };
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    plain(at, mark.start);
    const lit = highlight && mark.start < highlight.end && mark.end > highlight.start;
    const here = text.slice(mark.start, mark.end);
    const accepted = mark.resolution === 'accepted';
    const tip = accepted
      ? t('meetings.unreadable.acceptedTip', { raw: mark.raw, suggestion: mark.suggestion ?? '' })
      : mark.suggestion
        ? t('meetings.unreadable.suggestionTip', { suggestion: mark.suggestion })
        : t('meetings.unreadable.noSuggestionTip');
    const content =
      previewSuggestions && accepted ? (
        <>
          <del>{here}</del>
          <ins>{mark.suggestion}</ins>
        </>
      ) : (
        here
      );
    parts.push(
      <Tooltip key={`u${mark.start}`} title={tip}>
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: the same decision is offered as buttons in the list */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
        <span
          data-start={mark.start}
          data-unreadable={mark.resolution}
          data-highlight={lit || undefined}
          className={`${accepted ? styles.unreadableAccepted : styles.unreadable} ${lit ? styles.highlight : ''}`}
          onClick={() => onUnreadableClick?.(mark.start)}
        >
          {content}
        </span>
      </Tooltip>,
    );
    at = mark.end;
  }
  plain(at, text.length);

  const reportSelection = () => {
    if (!onSelect) return;
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return onSelect(null);
    const range = selection.getRangeAt(0);
    const offsetOf = (node: Node, offset: number) => {
      const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
      const segment = element?.closest<HTMLElement>('[data-start]');
      if (!segment || !box.current?.contains(segment)) return null;
      return Number(segment.dataset.start) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
    };
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return onSelect(null);
    onSelect({ start, end });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: selecting text is a mouse/touch gesture; the add form also takes typed text
    <div ref={box} className={styles.reportText} onMouseUp={reportSelection} onTouchEnd={reportSelection}>
      {parts}
    </div>
  );
}
