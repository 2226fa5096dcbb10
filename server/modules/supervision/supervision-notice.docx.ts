// The 督办通知书 of a listed task as a Word document, laid out the way Chinese government documents are
// (GB/T 9704): red title and separator line, 仿宋 三号 body on a 28-point line, A4 with the standard margins.
import { AlignmentType, BorderStyle, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface SupervisionNotice {
  /** 宜疫指督〔2022〕12号 */
  number: string;
  /** The day it is issued, YYYY-MM-DD (Beijing). */
  issuedOn: string;
  /** The unit it is addressed to. */
  toUnit: string;
  taskTitle: string;
  taskDescription: string | null;
  /** The meeting that deployed the task. */
  meetingTitle: string | null;
  /** The deadline before an extension (a date or an instant); null or the same as `dueAt` when never extended. */
  originalDueAt: string | null;
  /** The deadline now in force. */
  dueAt: string | null;
  daysOverdue: number;
  /** 请于3日内办结并书面报告 — printed in bold. */
  requirement: string;
  /** The leader supervising the listed task. */
  supervisor: string | null;
  /** 宜昌市疫情防控指挥部办公室 */
  issuer: string;
}

// Sizes in half-points (docx `size`) and twips (1/20 pt). 三号 is 16 pt; 小初 36 pt.
const BODY_HALF_POINTS = 32;
const TITLE_HALF_POINTS = 72;
const CHAR_TWIPS = 16 * 20;
const LINE_TWIPS = 28 * 20;
const mm = (millimetres: number) => Math.round((millimetres / 25.4) * 1440);

const RED = 'FF0000';
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

/**
 * The fonts offices use are not on every computer. The font table names each with the installed font Word and WPS
 * should take in its place (altName, searched by name) and the GB2312 character set (charset 86), so a machine
 * without 方正小标宋简体 sets the title in 宋体 and one without 仿宋_GB2312 the body in 仿宋, not in a Latin face.
 */
const fontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[
  [TITLE_FONT, '宋体', '02010600030101010101'],
  [BODY_FONT, '仿宋', '02010609060101010101'],
  ['仿宋', 'FangSong', '02010609060101010101'],
  ['宋体', 'SimSun', '02010600030101010101'],
]
  .map(
    ([name, alt, panose]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:panose1 w:val="${panose}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
  )
  .join('')}</w:fonts>`;

// Characters XML 1.0 cannot hold: one of them in a title and Word refuses to open the whole file.
const notInXml =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this is for.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const clean = (text: string) => text.replace(notInXml, '').trim();

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 2022-11-30 → 2022年11月30日, as official documents write dates (Arabic numerals, no leading zeros). */
export function chineseDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日`;
}

/**
 * A deadline as the notice words it, in Beijing time: a date as is; an instant at Beijing midnight as the day
 * before (a deadline "by 1 December 00:00" is "by the end of 30 November"), at 23:59 as its day, otherwise with
 * the hour: 2022年11月30日18时.
 */
export function chineseDeadline(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return chineseDate(value);
  const time = Date.parse(value);
  if (Number.isNaN(time)) return clean(value);
  const wall = new Date(time + BEIJING_OFFSET_MS);
  const hours = wall.getUTCHours();
  const minutes = wall.getUTCMinutes();
  if (hours === 0 && minutes === 0 && wall.getUTCSeconds() === 0 && wall.getUTCMilliseconds() === 0)
    return chineseDate(new Date(time + BEIJING_OFFSET_MS - 1).toISOString().slice(0, 10));
  const day = chineseDate(wall.toISOString().slice(0, 10));
  if (hours === 23 && minutes === 59) return day;
  return minutes === 0 ? `${day}${hours}时` : `${day}${hours}时${minutes}分`;
}

/** How wide a line of text sets, in characters of the body size: Chinese full width, digits and Latin half. */
function widthInChars(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.5 : 1;
  return width;
}

const bodyRun = (text: string, bold = false) =>
  new TextRun({ text, ...(bold ? { bold } : {}), font: font(BODY_FONT), size: BODY_HALF_POINTS });

const spacing = { line: LINE_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

/** A body paragraph: justified, first line indented two characters. */
const bodyParagraph = (children: TextRun[]) =>
  new Paragraph({
    children,
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * CHAR_TWIPS, firstLineChars: 200 },
    spacing,
  });

const blankLine = () => new Paragraph({ children: [bodyRun('')], spacing });

function deadlineSentence(n: SupervisionNotice): string | null {
  const original = n.originalDueAt ? chineseDeadline(n.originalDueAt) : null;
  const current = n.dueAt ? chineseDeadline(n.dueAt) : null;
  if (original && current && original !== current) return `原定于${original}前完成，经批准延期至${current}`;
  const due = current ?? original;
  return due ? `要求于${due}前完成` : null;
}

/**
 * The notice as a .docx. Text is set as runs (never as fields or HTML), so nothing in a task's title can change
 * the layout; characters XML cannot hold are dropped.
 */
export async function buildSupervisionNotice(n: SupervisionNotice): Promise<Buffer> {
  const taskTitle = clean(n.taskTitle);
  const meeting = n.meetingTitle ? clean(n.meetingTitle) : '';
  const issuedOn = chineseDate(n.issuedOn);
  const deadline = deadlineSentence(n);
  const state = n.daysOverdue > 0 ? `已逾期${n.daysOverdue}天，仍未办结` : '尚未办结';
  const opening =
    `${meeting ? `${meeting}部署的` : ''}“${taskTitle}”任务由你单位承办` +
    `${deadline ? `，${deadline}` : ''}。截至${issuedOn}，该任务${state}。`;
  const description = (n.taskDescription ?? '')
    .split(/\r?\n/u)
    .map(clean)
    .filter((line) => line !== '');
  const requirement = clean(n.requirement).replace(/[。；;，,]+$/u, '');
  const supervisor = n.supervisor ? clean(n.supervisor) : '';
  const issuer = clean(n.issuer);

  // GB/T 9704 for a document without a seal: the issuer two characters from the right margin, the date on the
  // next line starting two characters right of the issuer's first character (the issuer moves left if the date
  // is the longer).
  const issuerWidth = widthInChars(issuer);
  const dateWidth = widthInChars(issuedOn);
  const dateRight = Math.max(2, issuerWidth - dateWidth);
  const issuerRight = Math.max(2, dateRight + dateWidth + 2 - issuerWidth);

  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 240, line: 240, lineRule: LineRuleType.AUTO },
      children: [
        new TextRun({
          text: '督办通知书',
          font: font(TITLE_FONT),
          size: TITLE_HALF_POINTS,
          color: RED,
          characterSpacing: 60,
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...spacing, after: 120 },
      // The red line under the number spans the text width, as the 版头's separator does.
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      children: [bodyRun(clean(n.number))],
    }),
    blankLine(),
    new Paragraph({ spacing, children: [bodyRun(`${clean(n.toUnit)}：`)] }),
    bodyParagraph([bodyRun(opening)]),
    ...description.map((line, i) => bodyParagraph([bodyRun(i === 0 ? `任务内容：${line}` : line)])),
    bodyParagraph([
      bodyRun('根据督查督办工作有关要求，现对该任务挂牌督办。请你单位高度重视，压实责任，'),
      bodyRun(`${requirement}。`, true),
    ]),
    ...(supervisor ? [bodyParagraph([bodyRun(`督办领导：${supervisor}。`)])] : []),
    bodyParagraph([bodyRun('特此通知。')]),
    blankLine(),
    blankLine(),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.round(issuerRight * CHAR_TWIPS) },
      spacing,
      children: [bodyRun(issuer)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.round(dateRight * CHAR_TWIPS) },
      spacing,
      children: [bodyRun(issuedOn)],
    }),
  ];

  const document = new Document({
    title: `督办通知书 ${clean(n.number)}`,
    subject: taskTitle,
    creator: issuer,
    styles: {
      default: {
        document: {
          run: {
            font: font(BODY_FONT),
            size: BODY_HALF_POINTS,
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4, 210 × 297 mm
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              header: mm(15),
              footer: mm(28),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTable }]);
}

/** 督办通知书-宜疫指督〔2022〕12号.docx: for the download's file name. */
export function supervisionNoticeFileName(number: string): string {
  return `督办通知书-${clean(number).replace(/[\\/:*?"<>|]/gu, '_')}.docx`;
}
