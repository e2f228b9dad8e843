// @vitest-environment happy-dom
// Autosave, revision conflicts, refused input and undo of the project store, against the mock backend.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBackend } from '../../src/mock/fake-backend';
import { openSession, SAVE_DELAY_MS } from '../../src/lib/session.svelte';

let fake: ReturnType<typeof createFakeBackend>;

beforeEach(() => {
  fake = createFakeBackend();
  fake.control.generateDelayMs = 0;
  mockIPC((cmd, args) => fake.handle(cmd, args as Record<string, unknown>));
});
afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

const saves = () => fake.control.calls.filter((c) => c.cmd === 'save_project');
const settle = async (ms = SAVE_DELAY_MS + 50) => {
  await new Promise((r) => setTimeout(r, ms));
  await new Promise((r) => setTimeout(r, 0));
};

describe('project session', () => {
  it('saves once after a burst of typing, with the current revision', async () => {
    const s = await openSession(1);
    expect(s.evaluation?.ready).toBe(true);
    for (const ch of ['府', '省', '間']) s.edit('title', (p) => (p.title += ch));
    expect(s.saveState).toBe('saving');
    await settle();
    expect(saves()).toHaveLength(1);
    expect((saves()[0].args as { revision: number }).revision).toBe(1);
    expect(s.revision).toBe(2);
    expect(s.saveState).toBe('saved');
    s.edit('officer', (p) => (p.officer = '山田'));
    await settle();
    expect((saves()[1].args as { revision: number }).revision).toBe(2);
  });

  it('undoes a burst of typing in one step and saves the undo', async () => {
    const s = await openSession(1);
    const title = s.project.title;
    s.edit('title', (p) => (p.title += 'A'));
    s.edit('title', (p) => (p.title += 'B'));
    s.edit('agency', (p) => (p.agency = '総務省'));
    expect(s.undoDepth).toBe(2);
    expect(s.undo()).toBe(true);
    expect(s.project.agency).toBe('デジタル庁');
    expect(s.project.title).toBe(`${title}AB`);
    expect(s.undo()).toBe(true);
    expect(s.project.title).toBe(title);
    expect(s.undo()).toBe(false);
    await settle();
    expect(fake.control.calls.filter((c) => c.cmd === 'get_project')).toHaveLength(1);
    const last = saves().at(-1)!.args as { project: { title: string } };
    expect(last.project.title).toBe(title);
  });

  it('reloads after a conflict and keeps the officer’s text one undo away', async () => {
    const s = await openSession(1);
    fake.control.bumpRevision(1);
    s.edit('title', (p) => (p.title = '私の入力'));
    await settle();
    expect(s.notice).toBe('save.conflict');
    expect(s.project.title).toBe('府省間ネットワーク運用監視業務');
    expect(s.revision).toBe(2);
    s.undo();
    expect(s.project.title).toBe('私の入力');
    await settle();
    expect(s.saveState).toBe('saved');
    expect(s.revision).toBe(3);
  });

  it('shows a refused value at its field and keeps it', async () => {
    const s = await openSession(1);
    s.edit('clauses.breach.params.incident_contact', (p) => (p.clauses.breach.params.incident_contact = 'a\u0007b'));
    await settle();
    expect(s.saveState).toBe('failed');
    expect(s.fieldErrors['clauses.breach.params.incident_contact']?.en).toBe('contains the control character U+0007');
    expect(s.project.clauses.breach.params.incident_contact).toBe('a\u0007b');
    s.edit('clauses.breach.params.incident_contact', (p) => (p.clauses.breach.params.incident_contact = 'ab'));
    expect(s.fieldErrors['clauses.breach.params.incident_contact']).toBeUndefined();
    await settle();
    expect(s.saveState).toBe('saved');
  });

  it('re-evaluates and refreshes the preview after a change', async () => {
    const s = await openSession(1);
    expect(s.preview?.kind).toBe('specification');
    s.edit('national_security', (p) => {
      p.national_security = false;
      p.outsourcing = false;
    });
    await settle();
    expect(s.evaluation?.decision.scope).toBe('out_of_scope');
    expect(fake.control.calls.filter((c) => c.cmd === 'preview').length).toBeGreaterThanOrEqual(2);
  });

  it('flush saves pending edits at once', async () => {
    const s = await openSession(1);
    s.edit('bureau', (p) => (p.bureau = '情報システム部'));
    await s.flush();
    expect(saves()).toHaveLength(1);
    expect(s.saveState).toBe('saved');
  });

  it('takes over an imported checklist with its revision, one undo away', async () => {
    const s = await openSession(1);
    const before = s.snapshot();
    await s.flush();
    const result = await (await import('../../src/lib/backend')).checklistImport(1, s.revision, '/tmp/in.xlsx');
    expect(result.changed).toHaveLength(1);
    expect(result.rejected[0].cell).toMatch(/^H\d+$/);
    s.adoptStored(result.state);
    expect(s.revision).toBe(result.state.revision);
    expect(s.project.checklist.answers[result.changed[0]].answer.status).toBe('implemented');
    expect(s.saveState).toBe('saved');
    expect(s.undo()).toBe(true);
    expect(s.project.checklist).toEqual(before.checklist);
    await settle();
    expect((saves().at(-1)!.args as { revision: number }).revision).toBe(result.state.revision);
  });

  it('refuses an import against a stale revision', async () => {
    const s = await openSession(1);
    const backend = await import('../../src/lib/backend');
    await expect(backend.checklistImport(1, s.revision - 1, '/tmp/in.xlsx')).rejects.toMatchObject({ code: 'conflict' });
  });
});
