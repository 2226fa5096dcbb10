// Turns an uploaded report file into what the parser reads: the bytes of a .txt, or the paragraphs of a .docx.
// jszip comes with exceljs; a .docx is a zip whose word/document.xml holds the text in <w:p>/<w:t> elements.
import JSZip from 'jszip';
import { assertSafeArchive } from '../../zip-guard.ts';
import { MeetingTextError } from './meeting-text.parse.ts';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/giu, (whole, name: string) => {
    if (name[0] !== '#') return entities[name] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
  });
}

/** Paragraphs become lines; runs' text (<w:t>), tabs and line breaks inside a paragraph are kept. */
export function documentXmlToText(xml: string): string {
  const lines: string[] = [];
  for (const paragraph of xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>|<w:p\/>/gu)) {
    let line = '';
    for (const piece of paragraph[0].matchAll(
      /<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:br\/>|<w:cr\/>/gu,
    )) {
      if (piece[1] !== undefined) line += decodeXmlText(piece[1]);
      else line += piece[0] === '<w:tab/>' ? '\t' : '\n';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

const damagedDocx = () =>
  new MeetingTextError(
    'BINARY',
    'Word 文件已损坏，无法打开 / the .docx file is damaged and cannot be opened',
  );

/**
 * JSZip inflates an entry whole: the archive is measured while it inflates first, so a zip bomb never is.
 * Streaming and counting only, so the main thread can afford it before a worker is ever asked.
 */
export function assertSafeDocx(bytes: Uint8Array): Promise<void> {
  return assertSafeArchive(bytes, { what: 'Word 文件', damaged: damagedDocx });
}

/** Whether the upload is read as a .docx (by content type or by its zip signature). */
export function isDocxUpload(bytes: Uint8Array, contentType: string | undefined): boolean {
  return Boolean(contentType?.startsWith(DOCX_CONTENT_TYPE)) || isZip(bytes);
}

async function readDocx(bytes: Uint8Array): Promise<string> {
  await assertSafeDocx(bytes);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw damagedDocx();
  }
  const document = zip.file('word/document.xml');
  if (!document) {
    throw new MeetingTextError(
      'BINARY',
      '文件不是 Word 文档（.docx），请上传 .txt 或 .docx / the file is not a Word (.docx) document',
    );
  }
  return documentXmlToText(await document.async('string'));
}

/**
 * A .docx (by content type or by its zip signature) is read to text here; anything else is handed to the
 * parser as bytes, which decodes UTF-8/UTF-16/GBK and refuses binary, empty and oversized input.
 */
export async function readReportFile(
  body: Uint8Array,
  contentType: string | undefined,
): Promise<string | Uint8Array> {
  if (isDocxUpload(body, contentType)) return readDocx(body);
  return body;
}
