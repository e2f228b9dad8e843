// The checklist step's plain logic: an item's status as the officer sees it, the answer keys,
// filters and the display of rates. Scores and grades come from core (Evaluation.checklist);
// nothing here decides a grade.
import type { Answer, Item, ItemAnswer, ItemDecision, ItemStatus, Rate } from './backend';
import { normalizeForSearch } from './search';

export type AnswerKind = Answer['status'];

export const ANSWER_KINDS: AnswerKind[] = ['implemented', 'partial', 'not_implemented', 'not_applicable'];

/** Statuses in the order of the status filter. */
export const STATUSES: ItemStatus[] = ['unanswered', 'implemented', 'partial', 'not_implemented', 'not_applicable', 'excluded'];

/** Keys that answer the focused item: 1–4 and the initials Y(es) P(artial) N(o) X (not applicable). */
const KEYS: Record<string, AnswerKind> = {
  '1': 'implemented',
  y: 'implemented',
  '2': 'partial',
  p: 'partial',
  '3': 'not_implemented',
  n: 'not_implemented',
  '4': 'not_applicable',
  x: 'not_applicable',
};

/** The digit and the letter that choose each answer (shown on screen and in aria-keyshortcuts). */
export const ANSWER_KEYS: Record<AnswerKind, [string, string]> = {
  implemented: ['1', 'Y'],
  partial: ['2', 'P'],
  not_implemented: ['3', 'N'],
  not_applicable: ['4', 'X'],
};

export function answerForKey(key: string): AnswerKind | null {
  return KEYS[key.toLowerCase()] ?? null;
}

/** Where a key moves the focus in the item list: +1 next, -1 previous, 0 nowhere. */
export function moveForKey(key: string): -1 | 0 | 1 {
  if (key === 'j' || key === 'J' || key === 'ArrowDown') return 1;
  if (key === 'k' || key === 'K' || key === 'ArrowUp') return -1;
  return 0;
}

/** The answer for a kind; 一部実施 keeps the counts already entered (else 0 of 1, for the officer to fill). */
export function answerOf(kind: AnswerKind, previous: Answer | undefined): Answer {
  if (kind === 'partial') {
    return previous?.status === 'partial' ? previous : { status: 'partial', done: 0, of: 1 };
  }
  return { status: kind };
}

/** As core's scoring classifies the item (so the list is right even while a score is pending). */
export function itemStatus(decision: ItemDecision | undefined, answer: ItemAnswer | undefined): ItemStatus {
  if (decision && !decision.included) return 'excluded';
  return answer ? answer.answer.status : 'unanswered';
}

export interface Filter {
  stage: string;
  category: string;
  status: ItemStatus | '';
  query: string;
}

export const NO_FILTER: Filter = { stage: '', category: '', status: '', query: '' };

/** The searchable text of an item: id, question, guidance and target, in both languages. */
export function haystack(item: Item): string {
  return normalizeForSearch(
    [item.id, item.question_ja, item.question_en, item.guidance_ja, item.guidance_en, item.target_ja ?? '', item.target_en ?? ''].join(' '),
  );
}

/** Every whitespace-separated term of the query must occur in the item's text. */
export function matchesQuery(hay: string, query: string): boolean {
  const terms = normalizeForSearch(query).split(' ').filter(Boolean);
  return terms.every((t) => hay.includes(t));
}

export function matchesFilter(item: Item, status: ItemStatus, hay: string, f: Filter): boolean {
  return (
    (!f.stage || item.stage === f.stage) &&
    (!f.category || item.category === f.category) &&
    (!f.status || status === f.status) &&
    matchesQuery(hay, f.query)
  );
}

/** "87.5%": the rounded tenths core computed (display only; the grade is core's). */
export function percentText(rate: Rate | null | undefined): string {
  if (!rate) return '—';
  const whole = Math.floor(rate.percent_tenths / 10);
  return `${whole}.${rate.percent_tenths % 10}%`;
}

/** The value of a <meter> on a 0–1000 scale. */
export function meterValue(rate: Rate | null | undefined): number {
  return rate ? Math.min(rate.percent_tenths, 1000) : 0;
}

/** A whole number typed into a count input; null while it is not one. */
export function parseCount(text: string): number | null {
  const t = text.normalize('NFKC').trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  return Number(t);
}
