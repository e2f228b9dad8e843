// A TypeScript port of core's checklist applicability (checklist/applicability.rs) and scoring
// (checklist/scoring.rs, ratio.rs), so the browser tests' mock answers live. Only for tests; a
// unit test checks it reproduces the Rust output captured in tests/fixtures/evaluation.json.
// Rates are exact fractions of BigInts, reduced, and grades compare fractions, as in Rust.
import type {
  Answer,
  Checklist,
  ChecklistDecision,
  ChecklistEvaluation,
  GroupScore,
  Issue,
  ItemAnswer,
  ItemDecision,
  ItemScore,
  ItemStatus,
  Override,
  Project,
  Rate,
  ScoreCard,
  Why,
} from '../lib/backend/types';

const why = (ja: string, en: string): Why => ({ ja, en });

/** BTreeMap order (byte order of the UTF-8 keys; the ids are ASCII). */
const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

type Profile = Record<string, boolean | undefined>;

function conditionLine(list: Checklist, question: string, answer: boolean | undefined): Why {
  const q = list.questions.find((x) => x.id === question);
  const [ja, en] = q ? [q.question_ja, q.question_en] : [question, question];
  if (answer === true) return why(`判断条件「${ja}」に「はい」と回答されている。`, `Profile question answered yes: "${en}"`);
  if (answer === false) return why(`判断条件「${ja}」に「いいえ」と回答されている。`, `Profile question answered no: "${en}"`);
  return why(`判断条件「${ja}」が未回答のため、該当するものとして扱う。`, `Profile question not answered yet, so treated as yes: "${en}"`);
}

function decideItem(list: Checklist, profile: Profile, choice: Override | undefined, item: Checklist['items'][number]): ItemDecision {
  const reasons: Why[] = [];
  let provisional = false;
  let anyOk: boolean;
  if (item.applies_when.length === 0) {
    anyOk = true;
  } else {
    const answers = item.applies_when.map((q) => [q, profile[q]] as const);
    const yes = answers.filter(([, a]) => a === true);
    if (yes.length > 0) {
      for (const [q, a] of yes) reasons.push(conditionLine(list, q, a));
      anyOk = true;
    } else if (answers.some(([, a]) => a === undefined)) {
      provisional = true;
      for (const [q, a] of answers.filter(([, a]) => a === undefined)) reasons.push(conditionLine(list, q, a));
      anyOk = true;
    } else {
      for (const [q, a] of answers) reasons.push(conditionLine(list, q, a));
      reasons.push(
        answers.length > 1
          ? why('いずれの判断条件にも該当しないため、対象としない。', 'None of its profile conditions holds, so the item does not apply.')
          : why('判断条件に該当しないため、対象としない。', 'Its profile condition does not hold, so the item does not apply.'),
      );
      anyOk = false;
    }
  }
  let allOk = true;
  for (const q of item.applies_when_all) {
    const a = profile[q];
    provisional ||= a === undefined;
    allOk &&= a !== false;
    reasons.push(conditionLine(list, q, a));
  }
  if (!allOk) reasons.push(why('必須の判断条件に該当しないため、対象としない。', 'A required profile condition does not hold, so the item does not apply.'));
  if (item.applies_when.length === 0 && item.applies_when_all.length === 0) {
    reasons.push(why('判断条件によらず、すべての情報システムで対象とする項目である。', 'This item applies to every system, whatever its profile.'));
  }
  const applies = anyOk && allOk;
  let included = applies;
  let overridden = false;
  if (choice && choice.include !== applies) {
    overridden = true;
    included = choice.include;
    const reason = choice.reason.trim();
    const [ja, en] = choice.include ? ['担当者が対象に加えた', 'Added by the officer'] : ['担当者が対象から除いた', 'Excluded by the officer'];
    reasons.push(reason ? why(`${ja}。理由：${reason}`, `${en}. Reason: ${reason}`) : why(`${ja}（理由が未記入）。`, `${en} (no reason given yet).`));
  }
  return { item_id: item.id, applies, included, overridden, provisional: provisional && !overridden, why: reasons };
}

export function decideChecklist(list: Checklist, profile: Profile, overrides: Record<string, Override | undefined>): ChecklistDecision {
  return {
    items: list.items.map((item) => decideItem(list, profile, overrides[item.id], item)),
    unanswered_questions: list.questions.filter((q) => profile[q.id] === undefined).map((q) => q.id),
  };
}

/** check_inputs: unknown questions or items, overrides that change the outcome without a reason. */
export function checkInputs(list: Checklist, profile: Profile, overrides: Record<string, Override | undefined>): Issue[] {
  const out: Issue[] = [];
  for (const q of sortedKeys(profile)) {
    if (!list.questions.some((x) => x.id === q)) {
      out.push({ severity: 'invalid', field: `checklist.profile.${q}`, ja: `判断条件 ${q} は点検リストにありません。`, en: `There is no profile question ${q} in the checklist.` });
    }
  }
  const decision = decideChecklist(list, profile, overrides);
  for (const id of sortedKeys(overrides)) {
    const o = overrides[id]!;
    if (!list.items.some((x) => x.id === id)) {
      out.push({ severity: 'invalid', field: `checklist.overrides.${id}`, ja: `点検項目 ${id} は点検リストにありません。`, en: `There is no checklist item ${id}.` });
    } else if (decision.items.find((d) => d.item_id === id)?.overridden && o.reason.trim() === '') {
      out.push({ severity: 'blocking', field: `checklist.overrides.${id}.reason`, ja: '対象の判断を変更する理由を記入してください。', en: 'Give the reason for overriding whether this item applies.' });
    }
  }
  return out;
}

// --- Exact fractions -------------------------------------------------------------------------

interface Frac {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

function frac(n: bigint, d: bigint): Frac {
  if (n === 0n) return { n: 0n, d: 1n };
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
}

const add = (a: Frac, b: Frac) => frac(a.n * b.d + b.n * a.d, a.d * b.d);

function mean(values: Frac[]): Frac | null {
  if (values.length === 0) return null;
  const sum = values.reduce(add, { n: 0n, d: 1n });
  return frac(sum.n, sum.d * BigInt(values.length));
}

/** round(value × scale), halves up; below 1 never shows the full scale (ratio.rs `display`). */
function display(f: Frac, full: bigint): number {
  const v = (f.n * 2n * full + f.d) / (2n * f.d);
  if (v >= full && f.n !== f.d && f.d > f.n) return Number(full - 1n);
  return Number(v);
}

const atLeast = (f: Frac, p: bigint, q: bigint) => f.n * q >= f.d * p;

export function rateOf(f: Frac): Rate {
  const grade = atLeast(f, 1n, 1n) ? 'A' : atLeast(f, 4n, 5n) ? 'B' : atLeast(f, 3n, 5n) ? 'C' : 'D';
  return { numerator: f.n.toString(), denominator: f.d.toString(), percent: display(f, 100n), percent_tenths: display(f, 1000n), grade };
}

/** The exact rate of an answer: null for 対象外; an Error for an impossible 一部実施. */
function answerRate(answer: Answer): Frac | null {
  switch (answer.status) {
    case 'implemented':
      return { n: 1n, d: 1n };
    case 'not_implemented':
      return { n: 0n, d: 1n };
    case 'not_applicable':
      return null;
    case 'partial':
      if (answer.of === 0 || answer.done > answer.of) throw new Error('invalid partial');
      return frac(BigInt(answer.done), BigInt(answer.of));
  }
}

/** score_answers; null where core fails (unknown item, impossible 一部実施). */
export function scoreChecklist(list: Checklist, decision: ChecklistDecision, answers: Record<string, ItemAnswer | undefined>): ScoreCard | null {
  try {
    for (const id of sortedKeys(answers)) {
      if (!list.items.some((x) => x.id === id)) return null;
      answerRate(answers[id]!.answer);
    }
    const items: ItemScore[] = [];
    const exact: (Frac | null)[] = [];
    for (const item of list.items) {
      const d = decision.items.find((x) => x.item_id === item.id);
      const included = d ? d.included : true;
      let status: ItemStatus;
      let rate: Frac | null;
      const a = answers[item.id];
      if (!included) [status, rate] = ['excluded', null];
      else if (!a) [status, rate] = ['unanswered', { n: 0n, d: 1n }];
      else [status, rate] = [a.answer.status, answerRate(a.answer)];
      items.push({ item_id: item.id, category: item.category, stage: item.stage, status, rate: rate ? rateOf(rate) : null });
      exact.push(rate);
    }
    const group = (id: string, pick: (s: ItemScore) => boolean): [GroupScore, Frac | null] => {
      const members = items.map((s, i) => [s, exact[i]] as const).filter(([s]) => pick(s));
      const rates = members.map(([, r]) => r).filter((r): r is Frac => r !== null);
      const m = mean(rates);
      return [
        {
          id,
          scored: rates.length,
          not_applicable: members.filter(([s]) => s.status === 'not_applicable').length,
          unanswered: members.filter(([s]) => s.status === 'unanswered').length,
          rate: m ? rateOf(m) : null,
        },
        m,
      ];
    };
    const categories = list.categories.map((c) => group(c.id, (s) => s.category === c.id));
    const stages = list.stages.map((st) => group(st.id, (s) => s.stage === st.id));
    const overall = mean(categories.map(([, m]) => m).filter((m): m is Frac => m !== null));
    const unanswered = items.filter((i) => i.status === 'unanswered').length;
    return {
      overall: overall ? rateOf(overall) : null,
      categories: categories.map(([g]) => g),
      stages: stages.map(([g]) => g),
      items,
      unanswered,
      complete: unanswered === 0,
    };
  } catch {
    return null;
  }
}

const EMPTY = { profile: {}, overrides: {}, answers: {} };

export function evaluateChecklist(p: Project, list: Checklist): ChecklistEvaluation {
  const state = p.checklist ?? EMPTY;
  const decision = decideChecklist(list, state.profile, state.overrides);
  return { decision, score: scoreChecklist(list, decision, state.answers) };
}

/** What validate::project adds for the checklist (after everything else). */
export function checklistIssues(p: Project, list: Checklist): Issue[] {
  const state = p.checklist ?? EMPTY;
  const out = checkInputs(list, state.profile, state.overrides);
  for (const id of sortedKeys(state.answers)) {
    if (!list.items.some((x) => x.id === id)) {
      out.push({ severity: 'invalid', field: `checklist.answers.${id}`, ja: `点検項目 ${id} は点検リストにありません`, en: `there is no checklist item ${id}` });
    }
  }
  return out;
}

/** What validate::storable refuses in the checklist: an impossible 一部実施. */
export function checklistStorable(p: Project): Issue[] {
  const out: Issue[] = [];
  const answers = p.checklist?.answers ?? {};
  for (const id of sortedKeys(answers)) {
    const a = answers[id]!.answer;
    if (a.status === 'partial' && (a.of === 0 || a.done > a.of)) {
      out.push({
        severity: 'invalid',
        field: `checklist.answers.${id}.answer`,
        ja: `一部実施は 対象数 ≥ 1 かつ 実施数 ≤ 対象数 としてください（${a.done} / ${a.of}）`,
        en: `partly implemented needs at least one target and no more done than targets (got ${a.done} of ${a.of})`,
      });
    }
  }
  return out;
}
