// @vitest-environment happy-dom
// Autosave, revision conflicts, refused input and undo of the project store, against the real
// Rust service (the UI test server, fresh database per test).
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Server } from '../server.mjs';
import { spawn } from 'node:child_process';
import { openSession, SAVE_DELAY_MS, SAVE_MAX_WAIT_MS } from '../../src/lib/session.svelte';

let server: Server;

beforeEach(async () => {
  server = new Server();
  await server.seed();
  mockIPC(async (cmd, args) => {
    const reply = await server.send(cmd, args as Record<string, unknown>);
    if ('err' in reply) throw reply.err;
    return reply.ok;
  });
  // Starting the service loads the library and the fonts (a debug build takes a few seconds).
}, 60_000);
afterEach(async () => {
  clearMocks();
  vi.useRealTimers();
  await server.close();
});

const saves = () => server.calls.filter((c: { cmd: string }) => c.cmd === 'save_project');
const settle = async (ms = SAVE_DELAY_MS + 50) => {
  await new Promise((r) => setTimeout(r, ms));
  // The real service answers in its own time: wait until nothing is in flight for a moment.
  await server.idle();
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

  it('never says 保存済み while typing that came during a save is not stored', async () => {
    // Each save takes 300 ms, so the officer can type on while one is in flight.
    mockIPC(async (cmd, args) => {
      if (cmd === 'save_project') await new Promise((r) => setTimeout(r, 300));
      const reply = await server.send(cmd, args as Record<string, unknown>);
      if ('err' in reply) throw reply.err;
      return reply.ok;
    });
    const s = await openSession(1);
    s.edit('title', (p) => (p.title = '一回目'));
    await new Promise((r) => setTimeout(r, SAVE_DELAY_MS + 100));
    expect(server.callsOf('save_project')).toHaveLength(0);
    // In flight (sent to the page's IPC, not yet to the service): type again.
    s.edit('title', (p) => (p.title = '二回目'));
    await new Promise((r) => setTimeout(r, 250));
    expect(saves()).toHaveLength(1);
    // The first save is done; the second edit waits for its own save.
    expect(s.saveState).toBe('saving');
    await settle(SAVE_DELAY_MS + 400);
    expect(saves()).toHaveLength(2);
    expect((saves()[1].args as { project: { title: string } }).project.title).toBe('二回目');
    expect(s.saveState).toBe('saved');
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
    expect(server.callsOf('get_project')).toHaveLength(1);
    const last = saves().at(-1)!.args as { project: { title: string } };
    expect(last.project.title).toBe(title);
  });

  it('redoes what was undone, and a new edit drops the redo', async () => {
    const s = await openSession(1);
    s.edit('agency', (p) => (p.agency = '総務省'));
    expect(s.undo()).toBe(true);
    expect(s.canRedo).toBe(true);
    expect(s.redo()).toBe(true);
    expect(s.project.agency).toBe('総務省');
    expect(s.undo()).toBe(true);
    s.edit('officer', (p) => (p.officer = '山田'));
    expect(s.canRedo).toBe(false);
    expect(s.redo()).toBe(false);
    await settle();
    const last = saves().at(-1)!.args as { project: { agency: string; officer: string } };
    expect(last.project.agency).toBe('デジタル庁');
    expect(last.project.officer).toBe('山田');
  });

  it('never shows a refused value as ready', async () => {
    const s = await openSession(1);
    expect(s.status).not.toBe('draft');
    expect(s.shownStatus).toBe(s.status);
    s.setRefused('contract_end', { ja: '「4月1日」は日付として読めません', en: 'not a date' });
    expect(s.shownStatus).toBe('draft');
    s.setRefused('contract_end', null);
    expect(s.shownStatus).toBe(s.status);
  });

  it('reloads after a conflict and keeps the officer’s text one undo away', async () => {
    const s = await openSession(1);
    // Another window saves the project first.
    const stored = await server.call('get_project', { id: 1 });
    await server.call('save_project', { id: 1, revision: stored.revision, project: { ...stored.project, officer: '別の窓' } });
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
    expect(s.fieldErrors['clauses.breach.params.incident_contact']?.en).toContain('U+0007');
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
    expect(server.callsOf('preview').length).toBeGreaterThanOrEqual(2);
  });

  it('saves continuous typing while it goes on, not only when it pauses', async () => {
    const s = await openSession(1);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // One key every 300 ms (each restarts the pause timer): the first must still be stored
    // within SAVE_MAX_WAIT_MS of being typed.
    const keys = [...'継続入力の保存確認'];
    for (const [i, ch] of keys.entries()) {
      s.edit('bureau', (p) => (p.bureau = keys.slice(0, i + 1).join('')));
      await sleep(300);
      if (i === 5) {
        await server.idle();
        const stored = await server.call('get_project', { id: 1 });
        // Typed 1.8 s ago at most: at least the first characters are in the database.
        expect(stored.project.bureau.length).toBeGreaterThanOrEqual(3);
        expect(keys.join('').startsWith(stored.project.bureau)).toBe(true);
      }
    }
    expect(saves().length).toBeGreaterThanOrEqual(2);
    expect(SAVE_MAX_WAIT_MS).toBeLessThanOrEqual(1000);
    await settle();
    expect((await server.call('get_project', { id: 1 })).project.bureau).toBe(keys.join(''));
  }, 20_000);

  it('retries a save the database refused while another process held it, and only then lets go', async () => {
    const s = await openSession(1);
    // Another process holds the database's write lock until the test lets go of it.
    const lock = spawn('sqlite3', [`${server.dir}/secspec.db`], { stdio: ['pipe', 'ignore', 'inherit'] });
    lock.stdin.write('BEGIN EXCLUSIVE;\nSELECT 1;\n');
    await new Promise((r) => setTimeout(r, 300));
    s.edit('bureau', (p) => (p.bureau = 'ロック中の入力'));
    await vi.waitFor(() => expect(s.saveState).toBe('failed'), { timeout: 8000, interval: 100 });
    expect(s.saveError?.code).toBe('database');
    expect(s.retryIn).not.toBeNull();
    // The edit is still on screen, and closing the project is refused while it is unsaved.
    expect(s.project.bureau).toBe('ロック中の入力');
    expect(await s.mayLeave()).toBe(false);
    expect(s.leaveRefused).toBe(true);
    lock.stdin.end('COMMIT;\n');
    await new Promise((r) => lock.on('exit', r));
    // After the lock is gone, the next attempt stores the edit without any further typing.
    await vi.waitFor(() => expect(s.saveState).toBe('saved'), { timeout: 20_000, interval: 100 });
    expect((await server.call('get_project', { id: 1 })).project.bureau).toBe('ロック中の入力');
    expect(s.leaveRefused).toBe(false);
    expect(await s.mayLeave()).toBe(true);
    expect(s.leaveRefused).toBe(false);
  }, 45_000);

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
    const backend = await import('../../src/lib/backend');
    // The officer fills in the exported workbook in Excel: one answer changed, one impossible.
    const exported = `${server.dir}/checklist.xlsx`;
    const filled = `${server.dir}/checklist-filled.xlsx`;
    await backend.checklistExport(1, exported);
    await server.call('edit_workbook', {
      path: exported,
      out: filled,
      edits: [
        { item: 'au_log_review', column: '状況', value: '実施' },
        { item: 'at_os_patching', column: '実施数', value: 13 },
      ],
    });
    const result = await backend.checklistImport(1, s.revision, filled);
    expect(result.changed).toEqual(['au_log_review']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0].item_id).toBe('at_os_patching');
    expect(result.rejected[0].cell).toMatch(/^[A-Z]+\d+$/);
    s.adoptStored(result.state);
    expect(s.revision).toBe(result.state.revision);
    expect(s.project.checklist.answers.au_log_review.answer.status).toBe('implemented');
    expect(s.saveState).toBe('saved');
    expect(s.undo()).toBe(true);
    expect(s.project.checklist).toEqual(before.checklist);
    await settle();
    expect((saves().at(-1)!.args as { revision: number }).revision).toBe(result.state.revision);
  });

  it('refuses an import against a stale revision', async () => {
    const s = await openSession(1);
    const backend = await import('../../src/lib/backend');
    const exported = `${server.dir}/checklist.xlsx`;
    const filled = `${server.dir}/checklist-filled.xlsx`;
    await backend.checklistExport(1, exported);
    await server.call('edit_workbook', { path: exported, out: filled, edits: [{ item: 'au_log_review', column: '状況', value: '実施' }] });
    // Changes against an older revision are refused (a workbook that changes nothing is not).
    await expect(backend.checklistImport(1, s.revision - 1, filled)).rejects.toMatchObject({ code: 'conflict' });
  });
});
