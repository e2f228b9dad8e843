// What the whole app shares once loaded: the template library and the app info.
import type { AppInfo, LibraryView } from './backend';

export const shared = $state<{ library: LibraryView | null; info: AppInfo | null }>({ library: null, info: null });

/** The library, for code that only runs after App has loaded it. */
export function lib(): LibraryView {
  if (!shared.library) throw new Error('library not loaded');
  return shared.library;
}

import { locale } from './locale.svelte';
import type { Clause } from './backend';

export function clauseById(id: string): Clause | undefined {
  return shared.library?.clauses.find((c) => c.id === id);
}

/** A clause heading in the display language (the id if the library lacks it). */
export function clauseHeading(id: string): string {
  const c = clauseById(id);
  return c ? c[locale.lang].heading : id;
}
