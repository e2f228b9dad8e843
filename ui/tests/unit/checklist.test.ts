// The checklist step's plain logic: keys, statuses, filters and the display of core's rates.
import { describe, expect, it } from 'vitest';
import type { Item, ItemDecision, Rate } from '../../src/lib/backend';
import { answerForKey, answerOf, haystack, itemStatus, matchesFilter, moveForKey, NO_FILTER, parseCount, percentText } from '../../src/lib/checklist';

const decision = (included: boolean): ItemDecision => ({ item_id: 'a', applies: included, included, overridden: false, provisional: false, why: [] });
const rate = (tenths: number): Rate => ({ numerator: '1', denominator: '1', percent: Math.round(tenths / 10), percent_tenths: tenths, grade: 'B' });

describe('checklist helpers', () => {
  it('maps the answer keys, digits and letters, either case', () => {
    expect(['1', '2', '3', '4'].map(answerForKey)).toEqual(['implemented', 'partial', 'not_implemented', 'not_applicable']);
    expect(['y', 'P', 'n', 'X'].map(answerForKey)).toEqual(['implemented', 'partial', 'not_implemented', 'not_applicable']);
    expect(answerForKey('5')).toBeNull();
    expect(answerForKey('Enter')).toBeNull();
    expect([moveForKey('j'), moveForKey('ArrowDown'), moveForKey('k'), moveForKey('ArrowUp'), moveForKey('x')]).toEqual([1, 1, -1, -1, 0]);
  });

  it('keeps the counts of a partial answer when it is chosen again', () => {
    expect(answerOf('partial', { status: 'partial', done: 3, of: 4 })).toEqual({ status: 'partial', done: 3, of: 4 });
    expect(answerOf('partial', { status: 'implemented' })).toEqual({ status: 'partial', done: 0, of: 1 });
    expect(answerOf('not_applicable', undefined)).toEqual({ status: 'not_applicable' });
  });

  it('classifies an item as core does', () => {
    const answer = { answer: { status: 'partial' as const, done: 1, of: 2 }, evidence: '', owner: '', due: null };
    expect(itemStatus(decision(false), answer)).toBe('excluded');
    expect(itemStatus(decision(true), answer)).toBe('partial');
    expect(itemStatus(decision(true), undefined)).toBe('unanswered');
    expect(itemStatus(undefined, undefined)).toBe('unanswered');
  });

  it('shows core rounded tenths, never its own rounding', () => {
    expect(percentText(rate(875))).toBe('87.5%');
    expect(percentText(rate(999))).toBe('99.9%');
    expect(percentText(rate(1000))).toBe('100.0%');
    expect(percentText(rate(0))).toBe('0.0%');
    expect(percentText(null)).toBe('—');
  });

  it('filters by stage, category, status and folded text', () => {
    const item = {
      id: 'at_ipv6_policy',
      stage: 'planning',
      category: 'intrusion',
      question_ja: 'ＩＰｖ６ への対応方針',
      question_en: 'IPv6 approach',
      guidance_ja: '',
      guidance_en: '',
      target_ja: null,
      target_en: null,
    } as unknown as Item;
    const hay = haystack(item);
    expect(matchesFilter(item, 'unanswered', hay, NO_FILTER)).toBe(true);
    expect(matchesFilter(item, 'unanswered', hay, { ...NO_FILTER, stage: 'planning', status: 'unanswered', query: 'ipv6 対応' })).toBe(true);
    expect(matchesFilter(item, 'unanswered', hay, { ...NO_FILTER, stage: 'operation_maintenance' })).toBe(false);
    expect(matchesFilter(item, 'implemented', hay, { ...NO_FILTER, status: 'unanswered' })).toBe(false);
    expect(matchesFilter(item, 'unanswered', hay, { ...NO_FILTER, category: 'access' })).toBe(false);
    expect(matchesFilter(item, 'unanswered', hay, { ...NO_FILTER, query: 'ipv4' })).toBe(false);
  });

  it('reads counts typed in full or half width', () => {
    expect(parseCount('３')).toBe(3);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('')).toBeNull();
    expect(parseCount('-1')).toBeNull();
    expect(parseCount('1.5')).toBeNull();
  });
});
