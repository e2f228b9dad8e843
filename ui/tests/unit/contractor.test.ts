import { describe, expect, it } from 'vitest';
import {
  blankResponse,
  forPackage,
  loadDraft,
  pointerToPath,
  progress,
  responseFieldLabel,
  responsePathFor,
  reviveResponse,
  saveDraft,
  statusOf,
  unfinishedAnswers,
} from '../../src/lib/contractor';
import { translate, type Key } from '../../src/lib/i18n';
import type { ReviewClause } from '../../src/lib/backend';

const clause = (id: string) => ({ id }) as ReviewClause;
const ja = (key: Key, vars?: Record<string, string | number>) => translate('ja', key, vars);

describe('contractor response', () => {
  it('tells open, answered and incomplete clauses apart', () => {
    const r = blankResponse();
    r.clause_responses.a = { kind: 'acknowledge', text: '' };
    r.clause_responses.b = { kind: 'question', text: '  ' };
    r.clause_responses.c = { kind: 'comment', text: '期限を5営業日に' };
    expect(['a', 'b', 'c', 'd'].map((id) => statusOf(r, id))).toEqual(['acknowledge', 'incomplete', 'comment', 'open']);
    expect(unfinishedAnswers(r)).toEqual(['b']);
    const p = progress(r, ['a', 'b', 'c', 'd'].map(clause));
    expect([p.done, p.total]).toEqual([2, 4]);
    // One blank practitioner row is counted even before the first is added.
    expect(p.fields).toBe(16);
    expect(p.filled).toBe(0);
  });

  it('sends only the answers to clauses of the package', () => {
    const r = blankResponse();
    r.clause_responses.a = { kind: 'acknowledge', text: '' };
    r.clause_responses.gone = { kind: 'acknowledge', text: '' };
    expect(Object.keys(forPackage(r, [clause('a')]).clause_responses)).toEqual(['a']);
    expect(Object.keys(r.clause_responses)).toEqual(['a', 'gone']);
  });

  it('keeps the draft under the digest and revives only well-formed values', () => {
    const store = new Map<string, string>();
    globalThis.localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as unknown as Storage;
    const r = blankResponse();
    r.profile.company = '株式会社例';
    r.profile.practitioners.push({ name: '鈴木', qualification: '情報処理安全確保支援士', how_knowledge_kept_current: '特定講習' });
    saveDraft('abc', r);
    expect(loadDraft('abc')).toEqual(r);
    expect(loadDraft('other')).toBeNull();
    const odd = reviveResponse({ clause_responses: { x: { kind: 'shout', text: 1 }, y: { kind: 'comment', text: 'ok' } }, profile: { company: 3 } });
    expect(odd.clause_responses).toEqual({ y: { kind: 'comment', text: 'ok' } });
    expect(odd.profile.company).toBe('');
  });

  it('names issue fields and change pointers in words', () => {
    const heading = (id: string) => (id === 'breach' ? '侵害時の対処' : id);
    expect(responseFieldLabel('profile.practitioners[1].qualification', ja, heading)).toBe('従事者 2：資格又は同等の知識');
    expect(responseFieldLabel('clause_responses.breach.text', ja, heading)).toBe('条項「侵害時の対処」の回答');
    expect(responseFieldLabel('profile.executive.name', ja, heading)).toBe('経営者の関与（経営の責任者）：氏名');
    expect(responseFieldLabel('respondent.contact', ja, heading)).toBe('回答者：連絡先（電話又はメール）');
    expect(pointerToPath('/responses/profile/executive/name')).toBe('profile.executive.name');
    expect(pointerToPath('/responses/clause_responses/a~1b')).toBe('clause_responses.a/b');
  });

  it('suggests the response file next to the review package', () => {
    expect(responsePathFor('/tmp/案件.secspec')).toBe('/tmp/案件-response.secspec');
    expect(responsePathFor('/tmp/x')).toBe('/tmp/x-response.secspec');
  });
});
