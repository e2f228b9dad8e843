// Project list search and sort. NFKC folds full-width and half-width forms (ＡＢＣ, ｶﾀｶﾅ, １２３)
// so officers find a project however the title was typed.

export interface Listed {
  id: number;
  title: string;
  agency: string;
  status: string;
  updated_at: string;
}

export type SortKey = 'updated' | 'title' | 'status';

export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Every whitespace-separated term must occur in the title or the agency. */
export function matches(item: Listed, query: string): boolean {
  const terms = normalizeForSearch(query).split(' ').filter(Boolean);
  if (terms.length === 0) return true;
  const hay = normalizeForSearch(`${item.title} ${item.agency}`);
  return terms.every((t) => hay.includes(t));
}

const STATUS_ORDER: Record<string, number> = { draft: 0, ready: 1, generated: 2 };

const collator = new Intl.Collator('ja');

export function sortProjects<T extends Listed>(items: T[], key: SortKey): T[] {
  const byUpdated = (a: T, b: T) => b.updated_at.localeCompare(a.updated_at) || a.id - b.id;
  const out = [...items];
  switch (key) {
    case 'updated':
      return out.sort(byUpdated);
    case 'title':
      return out.sort((a, b) => collator.compare(a.title, b.title) || byUpdated(a, b));
    case 'status':
      return out.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || byUpdated(a, b));
  }
}

export function filterAndSort<T extends Listed>(items: T[], query: string, key: SortKey): T[] {
  return sortProjects(
    items.filter((i) => matches(i, query)),
    key,
  );
}
