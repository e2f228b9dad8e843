// The current display language (persisted) and the `t` function components call. Reading
// `locale.lang` inside `t` makes every label re-render when the language changes.
import { translate, type Key, type UiLang } from './i18n';

const STORAGE_KEY = 'secspec.uiLang';

function stored(): UiLang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export const locale = $state<{ lang: UiLang }>({ lang: stored() });

export function setLang(lang: UiLang): void {
  locale.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // A locked-down profile may refuse storage; the choice then lasts for this session.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  return translate(locale.lang, key, vars);
}

/** A bilingual pair from the data ({ja, en}: Why, Issue, Labelled, options). */
export function tx(pair: { ja: string; en: string }): string {
  return pair[locale.lang];
}

/** A `<base>_ja` / `<base>_en` field pair from the library (label_ja, help_en, title_ja…). */
export function tf<T extends object>(obj: T, base: string): string {
  const rec = obj as Record<string, unknown>;
  const v = rec[`${base}_${locale.lang}`] ?? rec[`${base}_ja`];
  return typeof v === 'string' ? v : '';
}

/** A catalog entry as a bilingual message (for places that take a Msg). */
export function msgOf(key: Key, vars?: Record<string, string | number>): { ja: string; en: string } {
  return { ja: translate('ja', key, vars), en: translate('en', key, vars) };
}

/** The bilingual message of an ApiError or a refused cell in the display language. */
export function messageText(e: { message: { ja: string; en: string } }): string {
  return locale.lang === 'ja' ? e.message.ja : e.message.en;
}

/** A file size in bytes with the display language's digit grouping (「12,345 バイト」). */
export function bytesText(n: number): string {
  return t('output.bytes', { n: n.toLocaleString(locale.lang === 'ja' ? 'ja-JP' : 'en-GB') });
}
