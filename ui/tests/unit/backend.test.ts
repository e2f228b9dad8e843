// @vitest-environment happy-dom
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import * as backend from '../../src/lib/backend';
import type { ApiError, Project } from '../../src/lib/backend';
// The backend only passes the project through: any object will do.
const project = { title: '府省間ネットワーク運用監視業務' } as unknown as Project;
const state = { id: 1, revision: 1, project };

afterEach(() => clearMocks());

function record() {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'get_project':
        return state;
      case 'plugin:dialog|open':
        return '/tmp/out';
      default:
        return null;
    }
  });
  return calls;
}

describe('backend module', () => {
  it('sends every command with the argument names the Rust commands declare', async () => {
    const calls = record();
    await backend.appInfo();
    await backend.library();
    await backend.blankProject();
    await backend.listProjects();
    await backend.createProject(project);
    await backend.getProject(7);
    await backend.saveProject(7, 3, project);
    await backend.duplicateProject(7);
    await backend.deleteProject(7);
    await backend.evaluate(project);
    await backend.preview(7, 3, project, 'contract_annex');
    await backend.generate({ id: 7, dir: '/tmp/out', kinds: ['specification'], formats: ['pdf'], draft: true });
    await backend.generations(7);
    await backend.history(7);
    expect(calls.map((c) => c.cmd)).toEqual([
      'app_info',
      'library_view',
      'blank_project',
      'list_projects',
      'create_project',
      'get_project',
      'save_project',
      'duplicate_project',
      'delete_project',
      'evaluate',
      'preview',
      'generate',
      'generations',
      'history',
    ]);
    expect(calls[4].args).toEqual({ project });
    expect(calls[5].args).toEqual({ id: 7 });
    expect(calls[6].args).toEqual({ id: 7, revision: 3, project });
    expect(calls[10].args).toEqual({ id: 7, revision: 3, project, kind: 'contract_annex' });
    expect(calls[11].args).toEqual({ request: { id: 7, dir: '/tmp/out', kinds: ['specification'], formats: ['pdf'], draft: true } });
  });

  it('returns what the command returns', async () => {
    record();
    const state = await backend.getProject(1);
    expect(state.project.title).toBe('府省間ネットワーク運用監視業務');
  });

  it('passes a Rust ApiError through unchanged', async () => {
    const conflict: ApiError = { code: 'conflict', message: { ja: '競合', en: 'conflict' }, field: null, issues: [] };
    mockIPC(() => Promise.reject(conflict));
    await expect(backend.saveProject(1, 1, project)).rejects.toEqual(conflict);
  });

  it('turns a plain string rejection into a Failure ApiError, splitting "ja / en"', async () => {
    mockIPC(() => Promise.reject('書き込めません / cannot write'));
    await expect(backend.generations(1)).rejects.toEqual({
      code: 'failure',
      message: { ja: '書き込めません', en: 'cannot write' },
      field: null,
      issues: [],
    });
  });

  it('turns a thrown Error into an ApiError', async () => {
    mockIPC(() => {
      throw new Error('boom');
    });
    const e = (await backend.history(1).catch((x) => x)) as ApiError;
    expect(backend.isApiError(e)).toBe(true);
    expect(e.code).toBe('failure');
    expect(e.message.en).toBe('boom');
  });

  it('wraps the folder dialog and the opener', async () => {
    const calls = record();
    expect(await backend.chooseFolder('出力先', '/home')).toBe('/tmp/out');
    await backend.revealInFolder('/tmp/out/a.pdf');
    expect(calls[0]).toEqual({
      cmd: 'plugin:dialog|open',
      args: { options: { directory: true, multiple: false, title: '出力先', defaultPath: '/home' } },
    });
    expect(calls[1]).toEqual({ cmd: 'plugin:opener|reveal_item_in_dir', args: { paths: ['/tmp/out/a.pdf'] } });
  });

  it('sends the review round-trip commands with the argument names of the Rust table (snake_case)', async () => {
    const calls = record();
    const response = { clause_responses: {}, profile: {}, respondent: {} } as unknown as backend.ContractorResponse;
    await backend.packageExport(7, '/tmp/r.secspec');
    await backend.openReview('/tmp/r.secspec');
    await backend.writeResponse('/tmp/r.secspec', response, '/tmp/a.secspec');
    await backend.contractorDocuments('/tmp/r.secspec', response, '/tmp/out');
    await backend.importResponse(7, '/tmp/a.secspec');
    await backend.responses(7);
    expect(calls).toEqual([
      { cmd: 'package_export', args: { id: 7, path: '/tmp/r.secspec' } },
      { cmd: 'open_review', args: { path: '/tmp/r.secspec', accept_new_key: null } },
      { cmd: 'write_response', args: { review_path: '/tmp/r.secspec', response, out_path: '/tmp/a.secspec' } },
      { cmd: 'contractor_documents', args: { review_path: '/tmp/r.secspec', response, dir: '/tmp/out', draft: null } },
      { cmd: 'import_response', args: { id: 7, path: '/tmp/a.secspec', accept_new_key: null } },
      { cmd: 'responses', args: { id: 7 } },
    ]);
    expect(backend.packageFilter('SecSpec')).toEqual([{ name: 'SecSpec', extensions: ['secspec'] }]);
  });

  it('sends the checklist commands and wraps the file dialogs', async () => {
    const calls = record();
    await backend.checklistExport(7, '/tmp/c.xlsx');
    await backend.checklistImport(7, 3, '/tmp/c.xlsx');
    const filters = backend.xlsxFilter('Excel');
    expect(await backend.chooseSaveFile('保存先', 'c.xlsx', filters)).toBeNull();
    expect(await backend.chooseOpenFile('開く', filters)).toBe('/tmp/out');
    expect(calls).toEqual([
      { cmd: 'checklist_export', args: { id: 7, path: '/tmp/c.xlsx' } },
      { cmd: 'checklist_import', args: { id: 7, revision: 3, path: '/tmp/c.xlsx' } },
      { cmd: 'plugin:dialog|save', args: { options: { title: '保存先', defaultPath: 'c.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] } } },
      { cmd: 'plugin:dialog|open', args: { options: { directory: false, multiple: false, title: '開く', filters: [{ name: 'Excel', extensions: ['xlsx'] }] } } },
    ]);
  });

  it('reports a cancelled dialog as null', async () => {
    mockIPC(() => null);
    expect(await backend.chooseFolder('x')).toBeNull();
  });
});
