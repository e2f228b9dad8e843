// Field paths are the dotted names core uses in issues (`clauses.breach.params.agency`,
// `clauses.breach.additions[0]`). Every input gets an element id derived from its path, so an
// issue can lead straight to its input.

export type StepId = 'basics' | 'applicability' | 'clauses' | 'checklist' | 'review' | 'output';

export const STEPS: StepId[] = ['basics', 'applicability', 'clauses', 'checklist', 'review', 'output'];

const BASICS = new Set([
  'title',
  'agency',
  'bureau',
  'officer',
  'contract_kind',
  'method',
  'document_date',
  'contract_start',
  'contract_end',
  'lang',
]);
const APPLICABILITY = new Set(['national_security', 'national_security_reason', 'outsourcing', 'subcontracting', 'voluntary']);

/** `clauses.breach.additions[2]` -> `f-clauses-breach-additions-2`. Clause and parameter names are [a-z_]+. */
export function fieldId(path: string): string {
  return (
    'f-' +
    path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter((s) => s !== '')
      .map((s) => s.replace(/[^A-Za-z0-9_]/g, '_'))
      .join('-')
  );
}

/** The step whose screen holds the field. */
export function stepOfField(path: string): StepId {
  const head = path.split(/[.[]/)[0];
  if (BASICS.has(head)) return 'basics';
  if (APPLICABILITY.has(head)) return 'applicability';
  if (head === 'clauses') return 'clauses';
  if (head === 'checklist') return 'checklist';
  return 'review';
}

/** The checklist item (`checklist.answers.<item>…`, `checklist.overrides.<item>…`) a field belongs to, if any. */
export function checklistItemOfField(path: string): string | null {
  const m = /^checklist\.(?:answers|overrides)\.([a-z0-9_]+)/.exec(path);
  return m ? m[1] : null;
}

/** The clause a field belongs to, if any. */
export function clauseOfField(path: string): string | null {
  const m = /^clauses\.([a-z_]+)/.exec(path);
  return m ? m[1] : null;
}

/**
 * The path and its ancestors, most specific first: when no input carries the exact path
 * (`clauses.breach` has no input of its own) the nearest enclosing one gets focus.
 */
export function fieldCandidates(path: string): string[] {
  const out: string[] = [];
  let p = path;
  while (p) {
    out.push(p);
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return out;
}

/** The segments of a JSON Pointer (RFC 6901), unescaped: `/a~1b/0` -> ['a/b', '0']. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
