// Checks every request's input for what no route can handle, before any route sees it: JSON nested past any real
// shape, and U+0000 (NUL), which PostgreSQL cannot store in text.
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

/**
 * The deepest any route's JSON goes is about five levels (a meeting → its chair → a person → a field); real bodies
 * stay far below this. Deeper bodies are refused before they are parsed, so nothing recursive ever walks them.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether JSON text nests objects/arrays deeper than `limit`: one pass, no recursion, brackets in strings skipped. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** The path (`body.chair.0.name`) of the first string or key holding U+0000, or null. Iterative: depth is bounded. */
export function findNul(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}.${i}`]);
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return null;
}

export function installInputGuards(app: FastifyInstance): void {
  // Fastify's own parser (with its __proto__/constructor checks) does the parsing; the depth check comes first.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new AppError('VALIDATION', `请求体嵌套过深（超过 ${MAX_JSON_DEPTH} 层）`, [
          { field: 'body', message: 'TOO_DEEP' },
        ]),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });

  // Refused rather than stripped: a password or a search with a NUL in it is not what the user meant, and silently
  // changing it would be worse. Uploaded files (Buffer bodies) are their readers' business.
  app.addHook('preValidation', async (request) => {
    const field =
      findNul(request.params, 'params') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body');
    if (field) {
      throw new AppError('VALIDATION', `字段 ${field} 含有空字符（U+0000），请删除后重试`, [
        { field, message: 'NUL' },
      ]);
    }
  });
}
