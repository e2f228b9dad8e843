// A field path in words, for links from issues ("breach: Ministry or agency").
import { clauseById, shared } from './app-state.svelte';
import { fieldCandidates, pointerSegments } from './fieldpath';
import type { Key } from './i18n';
import { locale, t, tf } from './locale.svelte';

const PROJECT_FIELDS: Record<string, Key> = {
  title: 'field.title',
  agency: 'field.agency',
  bureau: 'field.bureau',
  officer: 'field.officer',
  contract_kind: 'field.contractKind',
  method: 'field.method',
  document_date: 'field.documentDate',
  contract_start: 'field.contractStart',
  contract_end: 'field.contractEnd',
  lang: 'field.lang',
  word_font: 'field.wordFont',
  national_security: 'appl.nsShort',
  national_security_reason: 'appl.reason',
  outsourcing: 'appl.outShort',
  subcontracting: 'appl.subShort',
  voluntary: 'appl.volQuestion',
};

const CHECKLIST_PARTS: Record<string, Key> = {
  answer: 'cl.answer',
  evidence: 'cl.evidence',
  owner: 'cl.owner',
  due: 'cl.due',
  reason: 'cl.overrideReason',
};

/** `checklist.profile.<q>`, `checklist.answers.<item>.<part>`, `checklist.overrides.<item>.reason`. */
function checklistLabel(path: string): string | null {
  const list = shared.library?.checklist;
  const q = /^checklist\.profile\.([a-z0-9_]+)$/.exec(path);
  if (q) {
    const question = list?.questions.find((x) => x.id === q[1]);
    return t('cl.field.profile', { question: question ? tf(question, 'question') : q[1] });
  }
  const m = /^checklist\.(answers|overrides)\.([a-z0-9_]+)(?:\.([a-z_]+))?$/.exec(path);
  if (!m) return null;
  const item = list?.items.find((x) => x.id === m[2]);
  const name = t('cl.field.item', { question: item ? tf(item, 'question') : m[2] });
  const part = m[3] ? CHECKLIST_PARTS[m[3]] : m[1] === 'overrides' ? 'cl.overrideReason' : undefined;
  return part ? t('field.inClause', { clause: name, field: t(part) }) : name;
}

export function fieldLabel(path: string): string {
  if (path in PROJECT_FIELDS) return t(PROJECT_FIELDS[path]);
  const checklist = checklistLabel(path);
  if (checklist) return checklist;
  const m = /^clauses\.([a-z_]+)(?:\.(params)\.([a-z_]+)|\.(custom_body|deviation_reason|include|additions)(?:\[(\d+)\])?)?$/.exec(path);
  if (!m) return path;
  const clause = clauseById(m[1]);
  const heading = clause ? clause[locale.lang].heading : m[1];
  let part = '';
  if (m[2]) {
    const param = clause?.params.find((p) => p.name === m[3]);
    part = param ? tf(param, 'label') : m[3];
  } else if (m[4] === 'custom_body') part = t('clause.customBody');
  else if (m[4] === 'deviation_reason') part = t('clause.deviationReason');
  else if (m[4] === 'include') part = t('clause.include');
  else if (m[4] === 'additions') part = m[5] !== undefined ? t('clause.addition', { n: Number(m[5]) + 1 }) : t('clause.additions');
  return part ? t('field.inClause', { clause: heading, field: part }) : heading;
}

/**
 * The field of an edit-history row (a JSON Pointer such as `/clauses/breach/additions/0`) in
 * words; a field the UI has no name for is named by its nearest enclosing field, never by the
 * pointer itself.
 */
export function historyFieldLabel(pointer: string): string {
  const path = pointerSegments(pointer).reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  for (const candidate of fieldCandidates(path)) {
    const label = fieldLabel(candidate);
    if (label !== candidate) return label;
  }
  return t('history.otherField');
}
