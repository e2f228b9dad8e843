// A small TypeScript port of core's applicability, compose and lint, so the browser tests' mock
// backend answers plausibly as the officer edits. Only for tests (never in the Tauri build); a
// unit test checks it reproduces the real Rust output captured in tests/fixtures/evaluation.json.
import type {
  BodyPart,
  Clause,
  ClauseDecision,
  ComposedClause,
  Deviation,
  DocumentKind,
  Evaluation,
  Issue,
  LibraryView,
  Project,
  Scope,
  Severity,
  Span,
  Why,
} from '../lib/backend/types';
import { checkDate, checkParam, checkText, MAX_ADDITION, MAX_ADDITIONS, MAX_BODY, MAX_EVIDENCE, MAX_REASON, MAX_SHORT } from '../lib/validate';
import { checklistIssues, checklistStorable, evaluateChecklist } from './checklist-port';

type Lang = 'ja' | 'en';

const why = (ja: string, en: string): Why => ({ ja, en });

const METHOD: Record<string, [string, string]> = {
  open_tender: ['一般競争', 'open tender'],
  designated_tender: ['指名競争', 'designated tender'],
  negotiated_contract: ['随意契約', 'negotiated contract'],
  secret_negotiated: ['随意契約（秘密随契）', 'negotiated contract (secret)'],
  small_amount_negotiated: ['随意契約（少額随契）', 'negotiated contract (small amount)'],
};

function scopeOf(p: Project): [Scope, Why[]] {
  const reasons: Why[] = [];
  const [m, mEn] = METHOD[p.method] ?? [p.method, p.method];
  if (p.national_security) {
    reasons.push(
      why(
        `国の安全に関する重要な情報を国以外の者に扱わせる契約であるため、契約方式（${m}）に関わらず、調達における情報セキュリティ要件の記載についての通知が適用される。`,
        `The contract lets a non-government party handle information important to national security, so the notice on security requirements in procurement applies whatever the contract method (${mEn}).`,
      ),
    );
    if (p.national_security_reason.trim()) {
      reasons.push(why(`判断理由：${p.national_security_reason.trim()}`, `Officer's reason: ${p.national_security_reason.trim()}`));
    }
  } else {
    reasons.push(
      why(
        '国の安全に関する重要な情報を国以外の者に扱わせる契約ではないと判断されている。',
        'The officer judged that no information important to national security is handled by a non-government party.',
      ),
    );
  }
  if (p.outsourcing) {
    reasons.push(
      why(
        '情報処理に係る業務の外部委託であるため、統一管理基準の外部委託に関する事項が適用される。',
        "The work is outsourced information processing, so the unified management standard's outsourcing items apply.",
      ),
    );
  }
  if (p.contract_kind === 'subsidy') {
    reasons.push(
      why(
        '補助事業等であるため、要件は補助金等の交付の条件として記載する。',
        'This is a subsidy, so the requirements are written as conditions of the grant decision.',
      ),
    );
  }
  if (p.national_security || p.outsourcing) return ['required', reasons];
  if (p.voluntary) {
    reasons.push(
      why(
        '適用対象外であるが、任意に要件を適用する（文書に任意適用である旨を記載する）。',
        'Out of scope, but the requirements are applied voluntarily (the documents say so).',
      ),
    );
    return ['voluntary', reasons];
  }
  reasons.push(why('適用対象外である。任意に適用する場合は「任意適用」を選択する。', 'Out of scope. Choose voluntary use to apply the requirements anyway.'));
  return ['out_of_scope', reasons];
}

function holds(p: Project, scope: Scope, c: string): boolean {
  switch (c) {
    case 'national_security':
      return p.national_security || scope === 'voluntary';
    case 'outsourcing':
      return p.outsourcing;
    case 'subcontracting':
      return p.subcontracting;
    default:
      return !p.subcontracting;
  }
}

const CONDITION: Record<string, [string, string]> = {
  national_security: ['国の安全に関する重要な情報を扱わせる', 'national-security information is handled'],
  outsourcing: ['情報処理に係る業務の外部委託である', 'information processing is outsourced'],
  subcontracting: ['再委託を認める', 'subcontracting is allowed'],
  no_subcontracting: ['再委託を認めない', 'subcontracting is not allowed'],
};

function conditionText(c: string, yes: boolean): Why {
  const [ja, en] = CONDITION[c];
  return yes ? why(`条件「${ja}」を満たす。`, `Condition met: ${en}.`) : why(`条件「${ja}」を満たさない。`, `Condition not met: ${en}.`);
}

function decideClause(p: Project, scope: Scope, clause: Clause): ClauseDecision {
  const reasons: Why[] = [];
  const subsidy = p.contract_kind === 'subsidy';
  const variantOk = clause.variant === 'any' || (clause.variant === 'procurement' ? !subsidy : subsidy);
  if (!variantOk) {
    reasons.push(
      subsidy
        ? why('補助事業等のため、調達用の文言ではなく交付条件用の文言を用いる。', 'A subsidy uses the grant-condition wording instead of the procurement wording.')
        : why('調達であるため、交付条件用の文言は用いない。', 'A procurement does not use the grant-condition wording.'),
    );
  }
  const anyOk = clause.when_any.length === 0 || clause.when_any.some((c) => holds(p, scope, c));
  for (const c of clause.when_any) if (holds(p, scope, c)) reasons.push(conditionText(c, true));
  if (!anyOk) for (const c of clause.when_any) reasons.push(conditionText(c, false));
  let allOk = true;
  for (const c of clause.when_all) {
    const yes = holds(p, scope, c);
    allOk &&= yes;
    reasons.push(conditionText(c, yes));
  }
  const applies = variantOk && anyOk && allOk && scope !== 'out_of_scope';
  if (scope === 'out_of_scope' && variantOk) reasons.push(why('案件が適用対象外である。', 'The project is out of scope.'));
  const choice = p.clauses[clause.id]?.include ?? null;
  const included = choice ?? applies;
  if (choice === false && applies) reasons.push(why('担当者が除外した。', 'Excluded by the officer.'));
  if (choice === true && !applies) reasons.push(why('担当者が追加した。', 'Added by the officer.'));
  return { clause_id: clause.id, applies, included, mandatory: applies && clause.mandatory, why: reasons };
}

export function decide(p: Project, lib: LibraryView) {
  const [scope, reasons] = scopeOf(p);
  return { scope, why: reasons, clauses: lib.clauses.map((c) => decideClause(p, scope, c)) };
}

export function render(template: string, vals: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in vals)) throw new Error(`undefined value ${name}`);
    return vals[name];
  });
}

export function parseBody(text: string): BodyPart[] {
  const parts: BodyPart[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split('\n\n')) {
    let paragraph = '';
    let items: string[] = [];
    const flush = () => {
      if (paragraph) parts.push({ type: 'paragraph', text: paragraph });
      paragraph = '';
    };
    for (const line of chunk.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
      if (line.startsWith('・')) {
        flush();
        items.push(line.slice(1).trimStart());
      } else {
        if (items.length > 0) {
          parts.push({ type: 'list', text: items });
          items = [];
        }
        paragraph += line;
      }
    }
    flush();
    if (items.length > 0) parts.push({ type: 'list', text: items });
  }
  return parts;
}

export const normalize = (t: string) => t.replace(/\r\n/g, '\n').trim();

/** Character diff by longest common subsequence (core uses `similar`; spans may split differently). */
export function redline(a: string, b: string): Span[] {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = x.length;
  const m = y.length;
  const dp: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = x[i] === y[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const spans: Span[] = [];
  const push = (text: string, style: Span['style']) => {
    const last = spans[spans.length - 1];
    if (last && last.style === style) last.text += text;
    else spans.push({ text, style });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      push(x[i], 'normal');
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) push(x[i++], 'deleted');
    else push(y[j++], 'inserted');
  }
  while (i < n) push(x[i++], 'deleted');
  while (j < m) push(y[j++], 'inserted');
  return spans;
}

function compare(clauseId: string, standard: string, edited: string, reason: string | null): Deviation | null {
  const [s, e] = [normalize(standard), normalize(edited)];
  if (s === e) return null;
  const spans = redline(s, e);
  const count = (style: Span['style']) => spans.filter((x) => x.style === style).reduce((n, x) => n + Array.from(x.text).length, 0);
  const r = reason?.trim() ?? '';
  return {
    clause_id: clauseId,
    standard: s,
    edited: e,
    redline: spans,
    inserted_chars: count('inserted'),
    deleted_chars: count('deleted'),
    reason: r ? r : null,
  };
}

export function bodyText(parts: BodyPart[]): string {
  return parts.map((p) => (p.type === 'paragraph' ? p.text : p.text.map((i) => `・${i}`).join('\n'))).join('\n\n');
}

function values(p: Project, clause: Clause, lang: Lang): Record<string, string> {
  const choice = p.clauses[clause.id];
  const out: Record<string, string> = {};
  for (const param of clause.params) {
    const typed = choice?.params[param.name]?.trim() || null;
    const defaulted = param.default_from === 'agency' ? p.agency.trim() || null : null;
    const value = typed ?? defaulted;
    if (value === null) continue;
    if (param.kind === 'choice') {
      const o = param.options.find((o) => o.value === value || o.ja === value || o.en === value);
      out[param.name] = o ? o[lang] : value;
    } else if (param.kind === 'integer') {
      out[param.name] = /^[+-]?\d+$/.test(value) ? String(BigInt(value)) : value;
    } else {
      out[param.name] = value;
    }
  }
  return out;
}

export function compose(p: Project, clause: Clause, lang: Lang): ComposedClause {
  const vals = values(p, clause, lang);
  const unfilled = clause.params.filter((x) => x.required && !(x.name in vals)).map((x) => x.name);
  const supplements = clause.supplements.filter((s) => s.requires.every((r) => r in vals)).map((s) => render(s[lang], vals));
  for (const name of unfilled) {
    const param = clause.params.find((x) => x.name === name)!;
    vals[name] = lang === 'ja' ? param.placeholder_ja : param.placeholder_en;
  }
  const standard = parseBody(render(clause[lang].body, vals));
  const choice = p.clauses[clause.id];
  const custom = lang === p.lang && choice?.custom_body?.trim() ? choice.custom_body : null;
  const deviation = custom ? compare(clause.id, bodyText(standard), custom, choice?.deviation_reason ?? null) : null;
  const additions = lang === p.lang ? (choice?.additions ?? []).map(normalize).filter((a) => a !== '') : [];
  return {
    clause_id: clause.id,
    heading: clause[lang].heading,
    origin: deviation ? 'agency' : lang === 'ja' ? clause.origin : (clause.en.origin ?? 'translation'),
    parts: deviation ? parseBody(deviation.edited) : standard,
    standard,
    supplements,
    additions,
    deviation,
    unfilled,
  };
}

const issue = (severity: Severity, field: string, ja: string, en: string): Issue => ({ severity, field, ja, en });

/** BTreeMap order, as core iterates clause choices and parameters. */
const sorted = <T>(o: Record<string, T>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** validate::storable: what save_project refuses. */
export function storableIssues(p: Project): Issue[] {
  const out: Issue[] = [];
  const text = (field: string, v: string, max: number, multiline: boolean) => {
    const m = checkText(v, max, multiline);
    if (m) out.push(issue('invalid', field, m.ja, m.en));
  };
  text('title', p.title, MAX_SHORT, false);
  text('agency', p.agency, MAX_SHORT, false);
  text('bureau', p.bureau, MAX_SHORT, false);
  text('officer', p.officer, MAX_SHORT, false);
  text('national_security_reason', p.national_security_reason, MAX_REASON, true);
  for (const [id, c] of sorted(p.clauses)) {
    if (!c) continue;
    for (const [name, v] of sorted(c.params)) text(`clauses.${id}.params.${name}`, v ?? '', MAX_REASON, false);
    if (c.custom_body !== null) text(`clauses.${id}.custom_body`, c.custom_body, MAX_BODY, true);
    if (c.deviation_reason !== null) text(`clauses.${id}.deviation_reason`, c.deviation_reason, MAX_REASON, true);
    c.additions.forEach((a, n) => text(`clauses.${id}.additions[${n}]`, a, MAX_ADDITION, true));
  }
  const checklist = p.checklist ?? { profile: {}, overrides: {}, answers: {} };
  for (const [id, o] of sorted(checklist.overrides)) if (o) text(`checklist.overrides.${id}.reason`, o.reason, MAX_REASON, true);
  for (const [id, a] of sorted(checklist.answers)) {
    if (!a) continue;
    text(`checklist.answers.${id}.evidence`, a.evidence, MAX_EVIDENCE, true);
    text(`checklist.answers.${id}.owner`, a.owner, MAX_SHORT, false);
  }
  for (const [id, c] of sorted(p.clauses)) {
    if (c && c.additions.length > MAX_ADDITIONS) out.push(issue('invalid', `clauses.${id}.additions`, `追加要件が多すぎます（上限 ${MAX_ADDITIONS} 件）`, `too many additions (at most ${MAX_ADDITIONS})`));
  }
  return out.concat(checklistStorable(p));
}

function validateProject(p: Project, lib: LibraryView): Issue[] {
  return storableIssues(p).concat(requiredAndTyped(p, lib), checklistIssues(p, lib.checklist));
}

/** The part of validate::project beyond what can be stored. */
function requiredAndTyped(p: Project, lib: LibraryView): Issue[] {
  const out: Issue[] = [];
  if (!p.title.trim()) out.push(issue('invalid', 'title', '入力してください（必須）', 'required'));
  if (!p.agency.trim()) out.push(issue('invalid', 'agency', '入力してください（必須）', 'required'));
  for (const [field, d] of [['document_date', p.document_date], ['contract_start', p.contract_start], ['contract_end', p.contract_end]] as const) {
    const m = d ? checkDate(d) : null;
    if (m) out.push(issue('invalid', field, m.ja, ''));
  }
  if (p.contract_start && p.contract_end && p.contract_end < p.contract_start) {
    out.push(issue('invalid', 'contract_end', `契約終了日 ${p.contract_end} が契約開始日 ${p.contract_start} より前です`, `contract end ${p.contract_end} is before contract start ${p.contract_start}`));
  }
  for (const [id, c] of sorted(p.clauses)) {
    if (!c) continue;
    const clause = lib.clauses.find((x) => x.id === id);
    if (!clause) {
      out.push(issue('invalid', `clauses.${id}`, `条項 ${id} はテンプレートにありません`, `no clause ${id} in the template library`));
      continue;
    }
    for (const [name, v] of sorted(c.params)) {
      const field = `clauses.${id}.params.${name}`;
      const param = clause.params.find((x) => x.name === name);
      if (!param) out.push(issue('invalid', field, `条項 ${id} にパラメータ ${name} はありません`, `clause ${id} has no parameter ${name}`));
      else if ((v ?? '').trim()) {
        const m = checkParam(param, v ?? '');
        if (m) out.push(issue('invalid', field, m.ja, m.en));
      }
    }
  }
  return out;
}

const hasPlaceholder = (t: string) => {
  const i = t.indexOf('〔');
  return i >= 0 && t.slice(i).includes('〕');
};

const redlineText = (spans: Span[]) => spans.map((s) => (s.style === 'deleted' ? `[-${s.text}-]` : s.style === 'inserted' ? `{+${s.text}+}` : s.text)).join('');

export function lint(p: Project, lib: LibraryView): Issue[] {
  const issues = validateProject(p, lib);
  const d = decide(p, lib);
  if (d.scope === 'out_of_scope') {
    issues.push(issue('blocking', 'national_security', '適用対象外の案件です。要件を用いるには任意適用（voluntary = true）を選択してください', 'the project is out of scope; set voluntary = true to apply the requirements anyway'));
  }
  if (d.scope === 'voluntary') {
    issues.push(issue('warning', 'voluntary', '任意適用として文書にその旨を記載します', 'the documents will say the requirements are applied voluntarily'));
  }
  for (const cd of d.clauses) {
    const clause = lib.clauses.find((c) => c.id === cd.clause_id)!;
    const base = `clauses.${clause.id}`;
    if (cd.mandatory && !cd.included) {
      issues.push(issue('blocking', `${base}.include`, `必須の条項「${clause.ja.heading}」が除外されています`, `the mandatory clause "${clause.en.heading}" is excluded`));
    }
    if (!cd.included) continue;
    const composed = compose(p, clause, p.lang);
    for (const name of composed.unfilled) {
      const param = clause.params.find((x) => x.name === name)!;
      issues.push(issue('blocking', `${base}.params.${name}`, `未記入のプレースホルダがあります: 「${param.label_ja}」（${clause.ja.heading}）`, `unfilled placeholder: ${param.label_en} (${clause.en.heading})`));
    }
    const dev = composed.deviation;
    if (dev) {
      if (hasPlaceholder(dev.edited)) issues.push(issue('blocking', `${base}.custom_body`, '変更後の文言に未記入のプレースホルダ〔…〕があります', 'the edited wording still contains a placeholder 〔…〕'));
      const rl = redlineText(dev.redline);
      if (dev.reason === null) {
        issues.push(issue('blocking', `${base}.deviation_reason`, `標準文言が変更されていますが理由がありません: ${rl}`, `the standard wording was changed without a reason: ${rl}`));
      } else {
        issues.push(issue('warning', `${base}.custom_body`, `標準文言からの変更（理由：${dev.reason}）: ${rl}`, `deviation from the standard wording (reason: ${dev.reason}): ${rl}`));
      }
    }
    (p.clauses[clause.id]?.additions ?? []).forEach((a, n) => {
      if (hasPlaceholder(a)) issues.push(issue('blocking', `${base}.additions[${n}]`, '追加要件に未記入のプレースホルダ〔…〕があります', 'an addition still contains a placeholder 〔…〕'));
    });
  }
  if (p.agency.trim() && !lib.agencies.some((a) => a.name_ja === p.agency.trim())) {
    issues.push(issue('warning', 'agency', `「${p.agency.trim()}」は府省庁一覧にありません（自由記入として扱います）`, 'the agency is not in the agency list (kept as free text)'));
  }
  const rank: Record<Severity, number> = { invalid: 0, blocking: 1, warning: 2 };
  return issues.map((x, i) => [x, i] as const).sort((a, b) => rank[a[0].severity] - rank[b[0].severity] || a[1] - b[1]).map(([x]) => x);
}

/** builder::document_kinds: the checklist report once an item is answered. */
export function documentKinds(p: Project): DocumentKind[] {
  const kinds: DocumentKind[] = p.contract_kind === 'subsidy' ? ['subsidy_conditions'] : ['specification', 'contract_annex'];
  kinds.push('basis');
  if (Object.keys(p.checklist?.answers ?? {}).length > 0) kinds.push('checklist_report');
  return kinds;
}

export function evaluate(p: Project, lib: LibraryView): Evaluation {
  const decision = decide(p, lib);
  const issues = lint(p, lib);
  const clauses = decision.clauses
    .filter((d) => d.included)
    .map((d) => compose(p, lib.clauses.find((c) => c.id === d.clause_id)!, p.lang));
  return {
    decision,
    issues,
    clauses,
    documents: documentKinds(p),
    ready: !issues.some((i) => i.severity !== 'warning'),
    checklist: evaluateChecklist(p, lib.checklist),
  };
}

