// The only module that talks to Tauri: every IPC command as a typed function, every rejection as
// an ApiError, and the two native helpers the UI needs (choose a folder, show a file in its folder).
import { invoke } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import { revealItemInDir } from '@tauri-apps/plugin-opener';
import { toApiError } from './errors';
import type {
  AppInfo,
  DocumentKind,
  Evaluation,
  GenerateRequest,
  GeneratedFile,
  GenerationRecord,
  HistoryItem,
  LibraryView,
  Preview,
  Project,
  ProjectListItem,
  ProjectState,
} from './types';

export * from './types';
export { isApiError, toApiError } from './errors';

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const appInfo = () => call<AppInfo>('app_info');
export const library = () => call<LibraryView>('library');
export const blankProject = () => call<Project>('blank_project');
export const listProjects = () => call<ProjectListItem[]>('list_projects');
export const createProject = (project: Project) => call<ProjectState>('create_project', { project });
export const getProject = (id: number) => call<ProjectState>('get_project', { id });
export const saveProject = (id: number, revision: number, project: Project) =>
  call<ProjectState>('save_project', { id, revision, project });
export const duplicateProject = (id: number) => call<ProjectState>('duplicate_project', { id });
export const deleteProject = (id: number) => call<null>('delete_project', { id });
export const evaluate = (project: Project) => call<Evaluation>('evaluate', { project });
export const preview = (id: number, revision: number, project: Project, kind: DocumentKind) =>
  call<Preview>('preview', { id, revision, project, kind });
export const generate = (request: GenerateRequest) => call<GeneratedFile[]>('generate', { request });
export const generations = (id: number) => call<GenerationRecord[]>('generations', { id });
export const history = (id: number) => call<HistoryItem[]>('history', { id });

/** The native folder picker; null when the officer cancels. */
export async function chooseFolder(title: string, defaultPath?: string): Promise<string | null> {
  try {
    const picked = await open({ directory: true, multiple: false, title, defaultPath });
    return typeof picked === 'string' ? picked : null;
  } catch (e) {
    throw toApiError(e);
  }
}

/** Opens the file manager at a written file. */
export async function revealInFolder(path: string): Promise<void> {
  try {
    await revealItemInDir(path);
  } catch (e) {
    throw toApiError(e);
  }
}
