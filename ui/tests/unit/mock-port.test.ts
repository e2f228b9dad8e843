// The browser tests' mock answers with a TypeScript port of core; this keeps the port honest
// against the real Rust output captured in tests/fixtures.
import { describe, expect, it } from 'vitest';
import type { Evaluation, ItemAnswer, LibraryView, Project } from '../../src/lib/backend';
import { evaluate, redline } from '../../src/mock/core-port';
import { decideChecklist, evaluateChecklist, rateOf, scoreChecklist } from '../../src/mock/checklist-port';
import { bodyText } from '../../src/lib/clause-text';
import evaluationJson from '../fixtures/evaluation.json';
import libraryJson from '../fixtures/library.json';
import projectJson from '../fixtures/project.json';

const library = libraryJson as unknown as LibraryView;
const project = projectJson.project as unknown as Project;
const real = evaluationJson as unknown as Evaluation;

describe('mock core port', () => {
  it('reproduces the Rust evaluation of the sample project', () => {
    expect(evaluate(project, library)).toEqual(real);
  });

  it('reproduces the Rust checklist decision and score of the sample project exactly', () => {
    expect(real.checklist.score).not.toBeNull();
    expect(Object.keys(project.checklist.answers).length).toBeGreaterThan(10);
    expect(evaluateChecklist(project, library.checklist)).toEqual(real.checklist);
  });

  it('grades exact fractions and never rounds a rate below 100 % up to 100', () => {
    const r = (n: bigint, d: bigint) => rateOf({ n, d });
    expect(r(1n, 1n)).toEqual({ numerator: '1', denominator: '1', percent: 100, percent_tenths: 1000, grade: 'A' });
    expect(r(4n, 5n).grade).toBe('B');
    expect(r(3n, 5n).grade).toBe('C');
    expect(r(599n, 1000n).grade).toBe('D');
    const nearly = r(1999n, 2000n); // 99.95 %
    expect([nearly.percent, nearly.percent_tenths, nearly.grade]).toEqual([99, 999, 'B']);
    expect(r(7n, 8n)).toEqual({ numerator: '7', denominator: '8', percent: 88, percent_tenths: 875, grade: 'B' });
  });

  it('scores a category as the mean of its items, n/a out of the denominator, unanswered as 0', () => {
    const list = library.checklist;
    const category = list.categories[0].id;
    const items = list.items.filter((i) => i.category === category && i.applies_when.length === 0 && i.applies_when_all.length === 0);
    expect(items.length).toBeGreaterThanOrEqual(3);
    const decision = decideChecklist(list, {}, {});
    const answers: Record<string, ItemAnswer> = {};
    const note = { evidence: '', owner: '', due: null };
    const all = list.items.filter((i) => i.category === category);
    for (const i of all) answers[i.id] = { answer: { status: 'implemented' }, ...note };
    answers[items[0].id] = { answer: { status: 'partial', done: 3, of: 4 }, ...note };
    answers[items[1].id] = { answer: { status: 'not_applicable' }, ...note };
    delete answers[items[2].id];
    const score = scoreChecklist(list, decision, answers)!;
    const k = all.length - 1; // scored: all but the n/a one
    const g = score.categories.find((c) => c.id === category)!;
    expect([g.scored, g.not_applicable, g.unanswered]).toEqual([k, 1, 1]);
    // (k - 2 implemented + 3/4 + 0) / k
    const num = 4n * BigInt(k - 2) + 3n;
    const den = 4n * BigInt(k);
    const gg = (a: bigint, b: bigint): bigint => (b === 0n ? a : gg(b, a % b));
    const d = gg(num, den);
    expect([g.rate!.numerator, g.rate!.denominator]).toEqual([(num / d).toString(), (den / d).toString()]);
    expect(score.complete).toBe(false);
  });

  it('refuses to score an impossible partial answer, as core does', () => {
    const list = library.checklist;
    const id = list.items[0].id;
    const bad: Record<string, ItemAnswer> = { [id]: { answer: { status: 'partial', done: 5, of: 4 }, evidence: '', owner: '', due: null } };
    expect(scoreChecklist(list, decideChecklist(list, {}, {}), bad)).toBeNull();
  });

  it('leaves an item in while its question is unanswered, out on "no", and traces an override', () => {
    const list = library.checklist;
    const item = list.items.find((i) => i.applies_when.length === 1 && i.applies_when_all.length === 0)!;
    const q = item.applies_when[0];
    const open = decideChecklist(list, {}, {}).items.find((d) => d.item_id === item.id)!;
    expect([open.included, open.provisional]).toEqual([true, true]);
    const no = decideChecklist(list, { [q]: false }, {}).items.find((d) => d.item_id === item.id)!;
    expect([no.included, no.provisional]).toEqual([false, false]);
    expect(no.why.at(-1)!.ja).toContain('対象としない');
    const back = decideChecklist(list, { [q]: false }, { [item.id]: { include: true, reason: '将来公開する' } }).items.find((d) => d.item_id === item.id)!;
    expect([back.included, back.overridden]).toEqual([true, true]);
    expect(back.why.at(-1)!.ja).toContain('将来公開する');
  });

  it('bodyText is the inverse of the parts core returns', () => {
    for (const c of real.clauses) {
      expect(bodyText(c.standard)).not.toContain('\n\n\n');
      expect(bodyText(c.standard).length).toBeGreaterThan(10);
    }
  });

  it('marks a change to the standard wording as a deviation needing a reason', () => {
    const breach = real.clauses.find((c) => c.clause_id === 'breach')!;
    const edited = bodyText(breach.standard).replace('直ちに', '速やかに');
    const p: Project = structuredClone(project);
    p.clauses.breach = { ...p.clauses.breach, custom_body: edited };
    const ev = evaluate(p, library);
    const dev = ev.clauses.find((c) => c.clause_id === 'breach')!.deviation!;
    expect(dev.redline.filter((s) => s.style === 'deleted').map((s) => s.text).join('')).toBe('直ち');
    expect(ev.issues.some((i) => i.field === 'clauses.breach.deviation_reason' && i.severity === 'blocking')).toBe(true);
    expect(ev.ready).toBe(false);
  });

  it('diffs by character', () => {
    expect(redline('直ちに報告', '速やかに報告')).toEqual([
      { text: '直ち', style: 'deleted' },
      { text: '速やか', style: 'inserted' },
      { text: 'に報告', style: 'normal' },
    ]);
  });
});
