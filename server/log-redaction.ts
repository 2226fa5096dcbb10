// What the log may hold: errors and requests with personal data taken out, whatever carried it there. A database
// error's message lists the query's parameters (a new account's ID number, phone and password hash), so errors
// are rewritten by shape before they are written, not trusted to be clean.
import type { FastifyRequest } from 'fastify';

/** 18-character resident ID numbers and mainland mobile numbers; region codes (12, 15 digits) do not match. */
const idNumberPattern = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const mobilePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
/** Password hashes (argon2, and any other PHC string such as $scrypt$ or $2b$ bcrypt). */
const passwordHashPattern = /\$(?:argon2(?:id|i|d)|scrypt|2[aby]?)\$[A-Za-z0-9+/=$,.-]+/g;
/** Drizzle appends the parameters to the failed query's message: they are the request's values, never logged. */
const queryParamsPattern = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;

export function redactPersonalData(text: string): string {
  return text
    .replace(queryParamsPattern, '\nparams: [removed]')
    .replace(passwordHashPattern, '[password hash]')
    .replace(idNumberPattern, '[ID number]')
    .replace(mobilePattern, '[phone]');
}

type LoggableError = {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  statusCode?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  detail?: unknown;
  cause?: unknown;
};

type LoggedError = { type: string; message: string; stack: string; [field: string]: unknown };

const text = (value: unknown) => (typeof value === 'string' ? redactPersonalData(value) : undefined);

/**
 * An error as the log shows it: what a developer needs (type, message, SQLSTATE, constraint, stack, cause) with the
 * values removed. Other properties (Drizzle's `params`, a request `body` a library attached) are left out.
 */
export function errorForLog(err: unknown, depth = 0): LoggedError {
  if (err === null || typeof err !== 'object')
    return { type: typeof err, message: redactPersonalData(String(err)), stack: '' };
  const e = err as LoggableError;
  return {
    type: typeof e.name === 'string' ? e.name : (err.constructor?.name ?? 'Error'),
    message: text(e.message) ?? '',
    code: typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined,
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    constraint: text(e.constraint),
    table: text(e.table),
    column: text(e.column),
    detail: text(e.detail),
    stack: text(e.stack) ?? '',
    cause: e.cause !== undefined && depth < 5 ? errorForLog(e.cause, depth + 1) : undefined,
  };
}

/** A request as the log shows it: the address with search words that are phone or ID numbers masked. */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactPersonalData(request.url),
    host: request.host,
    remoteAddress: request.ip,
  };
}
