// The 督办通知书 opens as a Word document in the official layout: its XML parses, it says what the office means
// (units, deadlines, days overdue, the demand in bold), and it passes the same zip check an upload would.
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { assertSafeArchive } from '../../zip-guard.ts';
import {
  buildSupervisionNotice,
  chineseDeadline,
  type SupervisionNotice,
  supervisionNoticeFileName,
} from './supervision-notice.docx.ts';

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict XML parse (saxes throws on anything malformed, as Word would refuse it) into a small tree. */
function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', attributes: {}, children: [], text: '' };
  const open: XmlNode[] = [root];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    open.at(-1)?.children.push(node);
    open.push(node);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  parser.on('text', (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.write(xml).close();
  return root;
}

function findAll(node: XmlNode, name: string): XmlNode[] {
  return node.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
const find = (node: XmlNode, name: string) => findAll(node, name)[0];
const textOf = (node: XmlNode) =>
  findAll(node, 'w:t')
    .map((t) => t.text)
    .join('');

async function openNotice(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const documentXml = await zip.file('word/document.xml')?.async('string');
  if (!documentXml) throw new Error('no word/document.xml');
  const document = parseXml(documentXml);
  const paragraphs = findAll(document, 'w:p').map((p) => ({
    node: p,
    text: textOf(p),
    align: find(p, 'w:jc')?.attributes['w:val'],
  }));
  const fonts = parseXml((await zip.file('word/fontTable.xml')?.async('string')) ?? '');
  return { zip, document, paragraphs, fonts };
}

const notice: SupervisionNotice = {
  number: '宜疫指督〔2022〕12号',
  issuedOn: '2022-11-30',
  toUnit: '西陵区人民政府',
  taskTitle: '完成辖区隔离房间储备',
  taskDescription: '按每万人60间标准储备隔离房间。\n建立台账，逐一销号。',
  meetingTitle: '市疫情防控指挥部第十二次会议',
  originalDueAt: '2022-11-20',
  dueAt: '2022-11-25',
  daysOverdue: 5,
  requirement: '请于3日内办结并书面报告。',
  supervisor: '张明（市委常委、常务副市长）',
  issuer: '宜昌市疫情防控指挥部办公室',
};

describe('督办通知书', () => {
  it('is a Word file that passes the upload zip check and whose document parses', async () => {
    const buffer = await buildSupervisionNotice(notice);
    expect(buffer.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    await expect(
      assertSafeArchive(buffer, { what: 'Word 文件', damaged: () => new Error('damaged') }),
    ).resolves.toBeUndefined();
    const { zip } = await openNotice(buffer);
    expect(() => parseXml('<w:p><w:t>督办</w:p>')).toThrow(); // the parser does refuse what Word would
    for (const part of [
      '[Content_Types].xml',
      'word/styles.xml',
      'word/fontTable.xml',
      'docProps/core.xml',
    ]) {
      const xml = await zip.file(part)?.async('string');
      expect(xml, part).toBeTruthy();
      expect(() => parseXml(xml ?? ''), part).not.toThrow();
    }
  });

  it('says who must do what by when, in the order of an official notice', async () => {
    const { paragraphs } = await openNotice(await buildSupervisionNotice(notice));
    const texts = paragraphs.map((p) => p.text).filter((t) => t !== '');
    expect(texts).toEqual([
      '督办通知书',
      '宜疫指督〔2022〕12号',
      '西陵区人民政府：',
      '市疫情防控指挥部第十二次会议部署的“完成辖区隔离房间储备”任务由你单位承办，原定于2022年11月20日前完成，' +
        '经批准延期至2022年11月25日。截至2022年11月30日，该任务已逾期5天，仍未办结。',
      '任务内容：按每万人60间标准储备隔离房间。',
      '建立台账，逐一销号。',
      '根据督查督办工作有关要求，现对该任务挂牌督办。请你单位高度重视，压实责任，请于3日内办结并书面报告。',
      '督办领导：张明（市委常委、常务副市长）。',
      '特此通知。',
      '宜昌市疫情防控指挥部办公室',
      '2022年11月30日',
    ]);
  });

  it('is laid out as GB/T 9704 asks: red centred title, red line, 仿宋 三号 on 28 pt lines, A4 margins', async () => {
    const { document, paragraphs, fonts } = await openNotice(await buildSupervisionNotice(notice));
    const [title, number] = paragraphs;
    expect(title?.align).toBe('center');
    const titleRun = find(title?.node as XmlNode, 'w:rPr') as XmlNode;
    expect(find(titleRun, 'w:color')?.attributes['w:val']).toBe('FF0000');
    expect(find(titleRun, 'w:rFonts')?.attributes['w:eastAsia']).toBe('方正小标宋简体');
    expect(number?.align).toBe('center');
    const line = find(find(number?.node as XmlNode, 'w:pBdr') as XmlNode, 'w:bottom');
    expect(line?.attributes).toMatchObject({ 'w:val': 'single', 'w:color': 'FF0000' });

    const opening = paragraphs.find((p) => p.text.startsWith('市疫情防控指挥部'))?.node as XmlNode;
    expect(find(opening, 'w:ind')?.attributes).toMatchObject({
      'w:firstLine': '640',
      'w:firstLineChars': '200',
    });
    expect(find(opening, 'w:spacing')?.attributes).toMatchObject({ 'w:line': '560', 'w:lineRule': 'exact' });
    const bodyRun = find(opening, 'w:rPr') as XmlNode;
    expect(find(bodyRun, 'w:rFonts')?.attributes['w:eastAsia']).toBe('仿宋_GB2312');
    expect(find(bodyRun, 'w:sz')?.attributes['w:val']).toBe('32');

    // The demand alone is bold.
    const boldTexts = findAll(document, 'w:r')
      .filter((r) => find(r, 'w:b') && find(r, 'w:b')?.attributes['w:val'] !== 'false')
      .map(textOf);
    expect(boldTexts).toEqual(['请于3日内办结并书面报告。']);

    // Signature: issuer and date right-aligned, the date's first character two characters right of the issuer's.
    const issuer = paragraphs.find((p) => p.text === '宜昌市疫情防控指挥部办公室');
    const date = paragraphs.find((p) => p.text === '2022年11月30日');
    expect([issuer?.align, date?.align]).toEqual(['right', 'right']);
    const rightIndent = (p: typeof issuer) =>
      Number(find(p?.node as XmlNode, 'w:ind')?.attributes['w:right']);
    // 13 characters of issuer from 2 characters in: starts 15 from the right; the date (7 wide) at 6 starts 13.
    expect(rightIndent(issuer)).toBe(2 * 320);
    expect(rightIndent(date)).toBe(6 * 320);

    expect(find(document, 'w:pgSz')?.attributes).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    expect(find(document, 'w:pgMar')?.attributes).toMatchObject({
      'w:top': '2098', // 37 mm
      'w:bottom': '1984', // 35 mm
      'w:left': '1587', // 28 mm
      'w:right': '1474', // 26 mm
    });
    // Where the official fonts are missing, Word and WPS take 宋体 and 仿宋.
    const alternative = (name: string) =>
      find(findAll(fonts, 'w:font').find((f) => f.attributes['w:name'] === name) as XmlNode, 'w:altName')
        ?.attributes['w:val'];
    expect(alternative('方正小标宋简体')).toBe('宋体');
    expect(alternative('仿宋_GB2312')).toBe('仿宋');
  });

  it('leaves out what a task does not have, and says a task not yet overdue is not finished', async () => {
    const { paragraphs } = await openNotice(
      await buildSupervisionNotice({
        ...notice,
        taskDescription: null,
        meetingTitle: null,
        originalDueAt: null,
        dueAt: '2022-12-10',
        daysOverdue: 0,
        supervisor: null,
      }),
    );
    const texts = paragraphs.map((p) => p.text).filter((t) => t !== '');
    expect(texts[3]).toBe(
      '“完成辖区隔离房间储备”任务由你单位承办，要求于2022年12月10日前完成。截至2022年11月30日，该任务尚未办结。',
    );
    expect(texts.some((t) => t.startsWith('任务内容') || t.startsWith('督办领导'))).toBe(false);
  });

  it('still opens when a title carries characters XML cannot hold', async () => {
    const { paragraphs } = await openNotice(
      await buildSupervisionNotice({
        ...notice,
        taskTitle: '核酸\u0000采样\u000B点位\uFFFE布设',
        toUnit: '伍家岗区<&>',
      }),
    );
    expect(paragraphs.some((p) => p.text.includes('“核酸采样点位布设”'))).toBe(true);
    expect(paragraphs.some((p) => p.text === '伍家岗区<&>：')).toBe(true);
  });
});

describe('deadlines in the notice', () => {
  it('are Beijing days; a Beijing-midnight deadline is the end of the day before, other times keep the hour', () => {
    expect(chineseDeadline('2022-11-30')).toBe('2022年11月30日');
    expect(chineseDeadline('2022-11-30T16:00:00Z')).toBe('2022年11月30日'); // 1 December 00:00 Beijing
    expect(chineseDeadline('2022-11-30T15:59:59.999Z')).toBe('2022年11月30日'); // 23:59:59 Beijing
    expect(chineseDeadline('2022-11-30T18:00:00+08:00')).toBe('2022年11月30日18时');
    expect(chineseDeadline('2022-12-31T09:30:00Z')).toBe('2022年12月31日17时30分');
    expect(chineseDeadline('2022-12-31T17:00:00Z')).toBe('2023年1月1日1时');
  });

  it('name the download after the notice number, without characters a file name cannot have', () => {
    expect(supervisionNoticeFileName('宜疫指督〔2022〕12号')).toBe('督办通知书-宜疫指督〔2022〕12号.docx');
    expect(supervisionNoticeFileName('督/2022:12')).toBe('督办通知书-督_2022_12.docx');
  });
});
