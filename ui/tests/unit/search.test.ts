import { describe, expect, it } from 'vitest';
import { filterAndSort, matches, normalizeForSearch, sortProjects, type Listed } from '../../src/lib/search';

const items: Listed[] = [
  { id: 1, title: '府省間ネットワーク運用監視業務', agency: 'デジタル庁', status: 'ready', updated_at: '2026-11-22T01:30:00Z' },
  { id: 2, title: 'ﾈｯﾄﾜｰｸ機器保守業務', agency: '総務省', status: 'draft', updated_at: '2026-10-02T03:00:00Z' },
  { id: 3, title: 'ＡＩ基盤構築　第２期', agency: 'こども家庭庁', status: 'generated', updated_at: '2026-11-21T06:15:00Z' },
];

describe('search normalisation (NFKC)', () => {
  it('folds full-width, half-width and case', () => {
    expect(normalizeForSearch('ＡＢＣ　１２３')).toBe('abc 123');
    expect(normalizeForSearch('ﾈｯﾄﾜｰｸ')).toBe('ネットワーク');
  });
  it('matches kanji and kana substrings in title and agency', () => {
    expect(filterAndSort(items, 'ネットワーク', 'updated').map((i) => i.id)).toEqual([1, 2]);
    expect(filterAndSort(items, 'ﾈｯﾄﾜｰｸ', 'updated').map((i) => i.id)).toEqual([1, 2]);
    expect(filterAndSort(items, '総務', 'updated').map((i) => i.id)).toEqual([2]);
    expect(filterAndSort(items, 'ai 2', 'updated').map((i) => i.id)).toEqual([3]);
    expect(matches(items[0], '  ')).toBe(true);
    expect(matches(items[0], 'デジタル 監視')).toBe(true);
    expect(matches(items[0], 'デジタル 保守')).toBe(false);
  });
});

describe('sorting', () => {
  it('by last edit, newest first', () => {
    expect(sortProjects(items, 'updated').map((i) => i.id)).toEqual([1, 3, 2]);
  });
  it('by status: draft, ready, generated', () => {
    expect(sortProjects(items, 'status').map((i) => i.status)).toEqual(['draft', 'ready', 'generated']);
  });
  it('by title in Japanese collation, without changing the input', () => {
    const before = items.map((i) => i.id);
    expect(sortProjects(items, 'title')).toHaveLength(3);
    expect(items.map((i) => i.id)).toEqual(before);
  });
});
