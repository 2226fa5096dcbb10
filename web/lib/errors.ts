// Turning an ApiError into what the user sees: a message, and red text under the form fields it names.
import type { FormInstance } from 'antd';
import { i18n } from '../app/i18n.ts';
import { ApiError } from './api-client.ts';
import { formatServerText } from './format.ts';

/** The server's Chinese message, or a plain sentence for network failures and surprises. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return i18n.t('error.network');
    return err.message ? formatServerText(err.message) : i18n.t('error.unknown');
  }
  return i18n.t('error.unknown');
}

/**
 * Puts server-side field errors under the matching form fields ("body.idNumber" → idNumber).
 * Returns true when at least one field took a message, so the caller can skip the toast.
 * `fieldOf` names the form field for a server path when the form is shaped differently from the body
 * ("cadence.weekday" → weekday); by default it is the path's first part.
 */
export function applyFieldErrors(
  form: FormInstance,
  err: unknown,
  fieldOf: (path: string[]) => string | undefined = (path) => path[0],
): boolean {
  if (!(err instanceof ApiError)) return false;
  const known = new Set(form.getFieldsError().map((f) => String(f.name[0])));
  const byField = new Map<string, string[]>();
  for (const detail of err.details) {
    if (!detail.field) continue;
    const field = fieldOf(detail.field.replace(/^body\./, '').split('.')) ?? '';
    if (!known.has(field)) continue;
    byField.set(field, [...(byField.get(field) ?? []), detail.message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
