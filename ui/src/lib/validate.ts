// Client-side mirror of crates/core/src/validate.rs, so a mistake shows at the field while the
// officer types. The Rust side stays the authority: save_project refuses what it cannot store.
import { LIMITS } from './backend/rules';

export interface Msg {
  ja: string;
  en: string;
}

/** What core needs of a clause parameter (a subset of the generated `Param`). */
export interface ParamRule {
  kind: 'text' | 'choice' | 'integer';
  required: boolean;
  max_len: number | null;
  min: number | null;
  max: number | null;
  options: { value: string; ja: string; en: string }[];
}

// The limits come from core through the generated rules.ts (a Rust test fails when it drifts).
export const MAX_SHORT = LIMITS.short;
export const MAX_REASON = LIMITS.reason;
export const MAX_BODY = LIMITS.body;
export const MAX_ADDITION = LIMITS.addition;
export const MAX_ADDITIONS = LIMITS.additions;
/** An evidence note of a checklist answer. */
export const MAX_EVIDENCE = LIMITS.evidence;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function hex(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}

/** Rust's `char::is_control`: the Unicode Cc category. */
function isControl(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

/** Length and characters, as `validate::text` (length in Unicode scalar values, like Rust's chars()). */
export function checkText(value: string, max: number, multiline: boolean): Msg | null {
  const chars = Array.from(value);
  if (chars.length > max) {
    return {
      ja: `長すぎます（${chars.length} 文字、上限 ${max} 文字）`,
      en: `too long (${chars.length} characters, at most ${max})`,
    };
  }
  for (const ch of chars) {
    const cp = ch.codePointAt(0)!;
    const newline = cp === 0x0a || cp === 0x0d;
    const bad = (isControl(cp) && !(multiline && newline)) || cp === 0xfffe || cp === 0xffff || (!multiline && newline);
    if (bad) {
      return {
        ja: `使用できない制御文字 ${hex(cp)} が含まれています`,
        en: `contains the control character ${hex(cp)}`,
      };
    }
  }
  return null;
}

/** `validate::required` for title and agency. */
export function checkRequired(value: string): Msg | null {
  return value.trim() === '' ? { ja: '入力してください（必須）', en: 'required' } : null;
}

/** Rust's `str::parse::<i64>`: optional sign, ASCII digits only, within i64. */
export function parseInteger(typed: string): bigint | null {
  const value = typed.normalize('NFKC').trim();
  if (!/^[+-]?[0-9]+$/.test(value)) return null;
  const n = BigInt(value);
  return n < I64_MIN || n > I64_MAX ? null : n;
}

/**
 * A parameter value against its declared type, as `validate::param_value`. An empty value is not
 * an input error (core reports it as an unfilled placeholder), unless `strictRequired` asks for it.
 */
export function checkParam(param: ParamRule, raw: string, strictRequired = false): Msg | null {
  const value = raw.trim();
  if (value === '') {
    return strictRequired && param.required
      ? { ja: '最終版には入力が必要です', en: 'needed for a final document' }
      : null;
  }
  switch (param.kind) {
    case 'text':
      return checkText(value, param.max_len ?? MAX_SHORT, false);
    case 'choice': {
      const known = param.options.some((o) => o.value === value || o.ja === value || o.en === value);
      if (known) return null;
      const list = param.options.map((o) => o.value).join(', ');
      return { ja: `「${value}」は選択肢にありません（${list}）`, en: `"${value}" is not one of: ${list}` };
    }
    case 'integer': {
      const n = parseInteger(value);
      if (n === null) return { ja: `「${value}」は整数ではありません`, en: `"${value}" is not a whole number` };
      const lo = param.min === null ? I64_MIN : BigInt(param.min);
      const hi = param.max === null ? I64_MAX : BigInt(param.max);
      if (n < lo || n > hi) return { ja: `${n} は範囲外です（${lo}〜${hi}）`, en: `${n} is out of range (${lo}..=${hi})` };
      return null;
    }
  }
}

/** Contract end on or after its start (ISO dates compare as strings). */
export function checkPeriod(start: string | null, end: string | null): Msg | null {
  // Stored dates are YYYY-MM-DD (the service reads what is typed), so they compare as strings.
  if (start && end && end < start) {
    return {
      ja: `契約終了日 ${end} が契約開始日 ${start} より前です`,
      en: `contract end ${end} is before contract start ${start}`,
    };
  }
  return null;
}
