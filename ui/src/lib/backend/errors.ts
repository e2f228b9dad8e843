import type { ApiError, ErrorCode } from './types';

const CODES: ErrorCode[] = ['invalid', 'not_found', 'conflict', 'blocked', 'database', 'failure'];

export function isApiError(e: unknown): e is ApiError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    CODES.includes(o.code as ErrorCode) &&
    typeof o.message === 'object' &&
    o.message !== null &&
    typeof (o.message as Record<string, unknown>).ja === 'string' &&
    typeof (o.message as Record<string, unknown>).en === 'string' &&
    Array.isArray(o.issues)
  );
}

/**
 * Every rejection becomes an ApiError: the Rust commands reject with one already; plugins and the
 * IPC layer reject with a string (often "日本語 / English") or an Error.
 */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
  const cut = text.indexOf(' / ');
  const [ja, en] = cut > 0 ? [text.slice(0, cut), text.slice(cut + 3)] : [text, text];
  return { code: 'failure', message: { ja, en }, field: null, issues: [] };
}
