// One error type for expected failures and one handler that turns any error into `{ error: { code, message, details } }`.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** A record's state does not allow the event (a done task cannot be signed for). */
  | 'INVALID_TRANSITION'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

const statusByCode: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export type ErrorDetail = { field?: string; row?: number; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return statusByCode[this.code];
  }
}

type PgError = { code: string; constraint?: string; detail?: string; column?: string };

/** Drizzle wraps driver errors; the PostgreSQL error with its SQLSTATE is somewhere in the cause chain. */
function findPgError(err: unknown): PgError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as Partial<PgError> & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code))
      return candidate as PgError;
    current = candidate.cause;
  }
  return undefined;
}

/** Maps database constraint violations to the user-facing errors they really are. */
export function translateDatabaseError(err: unknown): AppError | undefined {
  const pg = findPgError(err);
  if (!pg) return undefined;
  const constraint = pg.constraint ? `（${pg.constraint}）` : '';
  switch (pg.code) {
    case '23505':
      return new AppError('CONFLICT', `记录已存在，不能重复${constraint}`, [
        { message: pg.detail ?? 'duplicate' },
      ]);
    case '23503':
    case '23001':
      return new AppError('VALIDATION', `引用的记录不存在或仍被使用${constraint}`, [
        { message: pg.detail ?? 'foreign key' },
      ]);
    case '23514':
    case '23502':
    case '22P02':
    case '22001':
    // Nets under the input checks (input-guards.ts, idSchema): a number past a column's range, text PostgreSQL
    // cannot store (NUL). They are the caller's data, not the server's fault.
    case '22003':
    case '22021':
      return new AppError('VALIDATION', `数据不符合要求${constraint}`, [
        { field: pg.column, message: pg.detail ?? pg.code },
      ]);
    default:
      return undefined;
  }
}

const clientErrorMessages: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: '上传内容过大，超过了该接口允许的大小',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，应为 JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
};

/** What to tell someone who uploaded a file of a kind no route reads. */
function unsupportedUpload(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/vnd.ms-excel')
    return '不支持旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再上传';
  if (type === 'application/msword')
    return '不支持旧版 Word（.doc）文件：请在 Word 或 WPS 中另存为 .docx 后再上传';
  if (type === 'application/pdf')
    return '不支持 PDF 文件：表格请上传 .xlsx 或 .csv，会议报道请上传 .txt 或 .docx';
  return `不支持这种文件（${type || '未知类型'}）：表格请上传 .xlsx 或 .csv，会议报道请上传 .txt 或 .docx`;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      // An address naming an id no record can have (see idParamSchema) is answered like a record that is gone.
      if (err.validation.some((v) => (v.params as { params?: { notFound?: boolean } }).params?.notFound)) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '没有这条记录', details: [] } });
      }
      const details = err.validation.map((v) => {
        const field = [err.validationContext, ...(v.instancePath || '').split('/').filter(Boolean)].join('.');
        return { field, message: v.message ?? 'invalid' };
      });
      const first = details[0];
      // Our schemas' own messages are whole Chinese sentences (区划代码应为…); library defaults need the field.
      const message = !first
        ? '请求数据不正确'
        : /\p{Script=Han}/u.test(first.message)
          ? first.message
          : `字段 ${first.field} 不正确：${first.message}`;
      return reply.status(400).send({ error: { code: 'VALIDATION', message, details } });
    }
    const appError = err instanceof AppError ? err : translateDatabaseError(err);
    if (appError) {
      return reply
        .status(appError.status)
        .send({ error: { code: appError.code, message: appError.message, details: appError.details } });
    }
    if (err.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: err.message, details: [] } });
    }
    if (
      err.statusCode &&
      err.statusCode >= 400 &&
      err.statusCode < 500 &&
      !isResponseSerializationError(err)
    ) {
      // Fastify's own client errors (malformed JSON, body too large, wrong content type), said in Chinese.
      const message =
        err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? unsupportedUpload(request.headers['content-type'])
          : (clientErrorMessages[err.code] ?? `请求不正确（${err.message}）`);
      return reply
        .status(err.statusCode)
        .send({ error: { code: 'VALIDATION', message, details: [{ field: 'body', message: err.code }] } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: [] } });
  });
}

export function isForeignKeyViolation(err: unknown): boolean {
  // 23001: ON DELETE RESTRICT; 23503: the default NO ACTION.
  const code = findPgError(err)?.code;
  return code === '23503' || code === '23001';
}

export function isUniqueViolation(err: unknown): boolean {
  return findPgError(err)?.code === '23505';
}
