// The browser tests' mock answers with a TypeScript port of core; this keeps the port honest
// against the real Rust output captured in tests/fixtures.
import { describe, expect, it } from 'vitest';
import type { Evaluation, LibraryView, Project } from '../../src/lib/backend';
import { evaluate, redline } from '../../src/mock/core-port';
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
