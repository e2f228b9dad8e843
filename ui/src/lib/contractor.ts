// The contractor's side of the review round trip, without Svelte: a blank response, the status of
// each clause answer, progress, the client-side check (a question or comment needs text), field
// labels for issues, and the draft kept in localStorage under the package digest.
import type { ContractorResponse, FieldRule, Practitioner, ResponseKind, ReviewClause, Subcontractor } from './backend';
import { RESPONSE_FIELDS } from './backend/rules';
import { pointerSegments } from './fieldpath';
import type { Key } from './i18n';

export const KINDS: ResponseKind[] = ['acknowledge', 'question', 'comment'];

export type AnswerStatus = 'open' | ResponseKind | 'incomplete';

export const STATUS_LABEL: Record<AnswerStatus, Key> = {
  open: 'rv.st.open',
  acknowledge: 'rv.st.acknowledge',
  question: 'rv.st.question',
  comment: 'rv.st.comment',
  incomplete: 'rv.st.incomplete',
};

export const KIND_LABEL: Record<ResponseKind, Key> = {
  acknowledge: 'rv.kind.acknowledge',
  question: 'rv.kind.question',
  comment: 'rv.kind.comment',
};

export const KIND_HINT: Record<ResponseKind, Key> = {
  acknowledge: 'rv.kindHint.acknowledge',
  question: 'rv.kindHint.question',
  comment: 'rv.kindHint.comment',
};

export function blankResponse(): ContractorResponse {
  return {
    clause_responses: {},
    requirement_responses: {},
    profile: {
      company: '',
      representative: { title: '', name: '' },
      executive: { name: '', title: '', involvement: '' },
      security_organization: '',
      csirt: { name: '', contact: '' },
      practitioners: [],
      lifecycle_management: '',
      audit_acceptance: { departments: '', places: '', periods: '', conditions: '' },
      subcontractors: [],
    },
    respondent: { name: '', department: '', contact: '' },
  };
}

export const blankPractitioner = (): Practitioner => ({ name: '', qualification: '', how_knowledge_kept_current: '' });
export const blankSubcontractor = (): Subcontractor => ({ name: '', work: '', security_measures: '' });

/** A question or a comment without text is refused by the Rust side (Invalid). */
export function needsText(kind: ResponseKind, text: string): boolean {
  return kind !== 'acknowledge' && text.trim() === '';
}

export function statusOf(response: ContractorResponse, clauseId: string): AnswerStatus {
  const a = response.clause_responses[clauseId];
  if (!a) return 'open';
  return needsText(a.kind, a.text) ? 'incomplete' : a.kind;
}

/** Clause ids whose question or comment still has no text (saving is refused until fixed). */
export function unfinishedAnswers(response: ContractorResponse): string[] {
  return Object.entries(response.clause_responses)
    .filter(([, a]) => needsText(a.kind, a.text))
    .map(([id]) => id);
}

/** The response as sent: only the answers to clauses of this package. */
export function forPackage(response: ContractorResponse, clauses: ReviewClause[]): ContractorResponse {
  const ids = new Set(clauses.map((c) => c.id));
  const out: ContractorResponse = JSON.parse(JSON.stringify(response));
  for (const id of Object.keys(out.clause_responses)) if (!ids.has(id)) delete out.clause_responses[id];
  return out;
}

/** A row field of the generated rules: `profile.practitioners[0].name` → list and field. */
const ROW = /^profile\.(practitioners|subcontractors)\[0\]\.(\w+)$/;

/** The rule core applies to a field path (`profile.practitioners[3].name` uses row 0's). */
export function fieldRule(path: string): FieldRule | undefined {
  const generic = path.replace(/^(profile\.(?:practitioners|subcontractors))\[\d+\]/, '$1[0]');
  return RESPONSE_FIELDS.find((f) => f.field === generic);
}

/**
 * The profile and respondent values core's `ContractorResponse::check` requires (dotted paths),
 * from the generated rules: one practitioner at least, every subcontractor listed.
 */
export function requiredFields(r: ContractorResponse): string[] {
  const required = RESPONSE_FIELDS.filter((f) => f.required && !f.field.startsWith('clause_responses.'));
  const rows = { practitioners: Math.max(1, r.profile.practitioners.length), subcontractors: r.profile.subcontractors.length };
  const out = required.filter((f) => !ROW.test(f.field)).map((f) => f.field);
  for (const list of ['practitioners', 'subcontractors'] as const) {
    for (let n = 0; n < rows[list]; n++) {
      for (const f of required) {
        const m = ROW.exec(f.field);
        if (m && m[1] === list) out.push(`profile.${list}[${n}].${m[2]}`);
      }
    }
  }
  return out;
}

/** The value at a dotted path (`profile.practitioners[1].name`); '' when absent. */
export function valueAt(r: ContractorResponse, path: string): string {
  let v: unknown = r;
  for (const seg of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (v === null || typeof v !== 'object') return '';
    v = (v as Record<string, unknown>)[seg];
  }
  return typeof v === 'string' ? v : '';
}

export interface Progress {
  done: number;
  total: number;
  filled: number;
  fields: number;
}

export function progress(r: ContractorResponse, clauses: ReviewClause[]): Progress {
  const required = requiredFields(r);
  return {
    done: clauses.filter((c) => {
      const s = statusOf(r, c.id);
      return s !== 'open' && s !== 'incomplete';
    }).length,
    total: clauses.length,
    filled: required.filter((p) => valueAt(r, p).trim() !== '').length,
    fields: required.length,
  };
}

const FIELD_LABEL: Record<string, Key> = {
  company: 'rv.p.company',
  'representative.name': 'rv.p.repName',
  'representative.title': 'rv.p.repTitle',
  'executive.name': 'rv.p.execName',
  'executive.title': 'rv.p.execTitle',
  'executive.involvement': 'rv.p.execInvolvement',
  security_organization: 'rv.p.secOrg',
  'csirt.name': 'rv.p.csirtName',
  'csirt.contact': 'rv.p.csirtContact',
  practitioners: 'rv.p.practitioners',
  lifecycle_management: 'rv.p.lifecycle',
  'audit_acceptance.departments': 'rv.p.auditDepartments',
  'audit_acceptance.places': 'rv.p.auditPlaces',
  'audit_acceptance.periods': 'rv.p.auditPeriods',
  'audit_acceptance.conditions': 'rv.p.auditConditions',
  subcontractors: 'rv.p.subcontractors',
};
const GROUP_LABEL: Record<string, Key> = { representative: 'rv.p.representative', executive: 'rv.p.executive', csirt: 'rv.p.csirt', audit_acceptance: 'rv.p.audit' };
const PERSON_LABEL: Record<string, Key> = {
  name: 'rv.p.pName',
  qualification: 'rv.p.pQual',
  how_knowledge_kept_current: 'rv.p.pCurrent',
};
const SUB_LABEL: Record<string, Key> = { name: 'rv.p.sName', work: 'rv.p.sWork', security_measures: 'rv.p.sMeasures' };
const RESPONDENT_LABEL: Record<string, Key> = { name: 'rv.p.rName', department: 'rv.p.rDepartment', contact: 'rv.p.rContact' };

type Tr = (key: Key, vars?: Record<string, string | number>) => string;

/**
 * An issue's field path in words: `profile.practitioners[1].name` -> 「従事者 2：氏名」,
 * `clause_responses.breach.text` -> 「条項「…」の回答」. `heading` names a clause by id.
 */
export function responseFieldLabel(path: string, t: Tr, heading: (id: string) => string): string {
  const clause = /^clause_responses\.([a-z0-9_]+)/.exec(path);
  if (clause) return t('rv.f.clause', { heading: heading(clause[1]) });
  const person = /^profile\.(practitioners|subcontractors)\[(\d+)\]\.([a-z_]+)$/.exec(path);
  if (person) {
    const isPerson = person[1] === 'practitioners';
    const group = t(isPerson ? 'rv.p.practitioner' : 'rv.p.subcontractor', { n: Number(person[2]) + 1 });
    const part = (isPerson ? PERSON_LABEL : SUB_LABEL)[person[3]];
    return part ? t('rv.f.in', { group, field: t(part) }) : group;
  }
  const respondent = /^respondent\.([a-z_]+)$/.exec(path);
  if (respondent && RESPONDENT_LABEL[respondent[1]]) return t('rv.f.in', { group: t('rv.p.respondent'), field: t(RESPONDENT_LABEL[respondent[1]]) });
  const rest = path.replace(/^profile\./, '');
  const label = FIELD_LABEL[rest];
  if (!label) return path;
  const group = GROUP_LABEL[rest.split('.')[0]];
  return group && rest.includes('.') ? t('rv.f.in', { group: t(group), field: t(label) }) : t(label);
}

/** A change's JSON Pointer (`/responses/profile/executive/name`) as a dotted field path. */
export function pointerToPath(pointer: string): string {
  return pointerSegments(pointer.replace(/^\/responses\/?/, '')).join('.');
}

// ---- the draft kept across restarts ---------------------------------------------------------

const PREFIX = 'secspec.review.';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Merges stored JSON into a blank response, keeping only well-formed values (storage is not trusted). */
export function reviveResponse(raw: unknown): ContractorResponse {
  const out = blankResponse();
  if (!isObj(raw)) return out;
  if (isObj(raw.clause_responses)) {
    for (const [id, a] of Object.entries(raw.clause_responses)) {
      if (isObj(a) && KINDS.includes(a.kind as ResponseKind)) out.clause_responses[id] = { kind: a.kind as ResponseKind, text: str(a.text) };
    }
  }
  if (isObj(raw.requirement_responses)) {
    for (const [id, a] of Object.entries(raw.requirement_responses)) {
      if (isObj(a) && KINDS.includes(a.kind as ResponseKind)) out.requirement_responses[id] = { kind: a.kind as ResponseKind, text: str(a.text) };
    }
  }
  const p = isObj(raw.profile) ? raw.profile : {};
  const q = out.profile;
  q.company = str(p.company);
  if (isObj(p.representative)) q.representative = { title: str(p.representative.title), name: str(p.representative.name) };
  if (isObj(p.executive)) q.executive = { name: str(p.executive.name), title: str(p.executive.title), involvement: str(p.executive.involvement) };
  q.security_organization = str(p.security_organization);
  if (isObj(p.csirt)) q.csirt = { name: str(p.csirt.name), contact: str(p.csirt.contact) };
  if (Array.isArray(p.practitioners)) {
    q.practitioners = p.practitioners.filter(isObj).map((x) => ({ name: str(x.name), qualification: str(x.qualification), how_knowledge_kept_current: str(x.how_knowledge_kept_current) }));
  }
  q.lifecycle_management = str(p.lifecycle_management);
  if (isObj(p.audit_acceptance)) {
    const a = p.audit_acceptance;
    q.audit_acceptance = { departments: str(a.departments), places: str(a.places), periods: str(a.periods), conditions: str(a.conditions) };
  }
  if (Array.isArray(p.subcontractors)) {
    q.subcontractors = p.subcontractors.filter(isObj).map((x) => ({ name: str(x.name), work: str(x.work), security_measures: str(x.security_measures) }));
  }
  if (isObj(raw.respondent)) out.respondent = { name: str(raw.respondent.name), department: str(raw.respondent.department), contact: str(raw.respondent.contact) };
  return out;
}

/** The draft of the package with this digest, or null when there is none. */
export function loadDraft(digest: string): ContractorResponse | null {
  try {
    const text = globalThis.localStorage?.getItem(PREFIX + digest);
    return text ? reviveResponse(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}

export function saveDraft(digest: string, response: ContractorResponse): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + digest, JSON.stringify(response));
  } catch {
    // A full or locked-down storage keeps the draft for this session only.
  }
}

/** The suggested response file next to the review package: `案件.secspec` -> `案件-response.secspec`. */
export function responsePathFor(reviewPath: string): string {
  const p = reviewPath.trim();
  return p.toLowerCase().endsWith('.secspec') ? `${p.slice(0, -'.secspec'.length)}-response.secspec` : `${p}-response.secspec`;
}

/** The folder of a path (for the documents), or '' when it has none. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : '';
}
