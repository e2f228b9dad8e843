// The only module that talks to Tauri: every IPC command as a typed function, every rejection as
// an ApiError, and the native helpers the UI needs (choose a folder or a file, show a file in its folder).
import { invoke } from '@tauri-apps/api/core';
import { open, save } from '@tauri-apps/plugin-dialog';
import { revealItemInDir } from '@tauri-apps/plugin-opener';
import { toApiError } from './errors';
import type {
  AppInfo,
  ChecklistImport,
  ContractorResponse,
  DocumentKind,
  Evaluation,
  ExportedFile,
  GenerateRequest,
  GeneratedFile,
  GenerationRecord,
  HistoryItem,
  LibraryView,
  PackageExport,
  Preview,
  Project,
  ProjectListItem,
  ProjectState,
  ResponseImported,
  ResponseRecord,
  ResponseWritten,
  ReviewOpened,
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
/** Writes the saved project's checklist as an Excel workbook at `path`. */
export const checklistExport = (id: number, path: string) => call<ExportedFile>('checklist_export', { id, path });
/** Reads an edited workbook; refused when the project moved past `revision`. */
export const checklistImport = (id: number, revision: number, path: string) =>
  call<ChecklistImport>('checklist_import', { id, revision, path });

// The review round trip (issue 6). Tauri maps the Rust argument names to camelCase.
/** Officer: writes the review package of the saved project to `path`. */
export const packageExport = (id: number, path: string) => call<PackageExport>('package_export', { id, path });
/** Contractor: opens and verifies a review package (no project needed). */
export const openReview = (path: string) => call<ReviewOpened>('open_review', { path });
/** Contractor: writes the response to the review package at `reviewPath` as `outPath`. */
export const writeResponse = (reviewPath: string, response: ContractorResponse, outPath: string) =>
  call<ResponseWritten>('write_response', { reviewPath, response, outPath });
/** Contractor: writes the contractor's documents (確認書 and the forms) into `dir`. */
export const contractorDocuments = (reviewPath: string, response: ContractorResponse, dir: string) =>
  call<GeneratedFile[]>('contractor_documents', { reviewPath, response, dir });
/** Officer: imports a response package into project `id`. */
export const importResponse = (id: number, path: string) => call<ResponseImported>('import_response', { id, path });
/** Officer: the responses imported into project `id`, newest first. */
export const responses = (id: number) => call<ResponseRecord[]>('responses', { id });

/** A file-type filter of the native file dialogs. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The Excel filter of the checklist dialogs. */
export const xlsxFilter = (name: string): FileFilter[] => [{ name, extensions: ['xlsx'] }];

/** The filter of package dialogs: review and response packages are both `*.secspec`. */
export const packageFilter = (name: string): FileFilter[] => [{ name, extensions: ['secspec'] }];

/** The native folder picker; null when the officer cancels. */
export async function chooseFolder(title: string, defaultPath?: string): Promise<string | null> {
  try {
    const picked = await open({ directory: true, multiple: false, title, defaultPath });
    return typeof picked === 'string' ? picked : null;
  } catch (e) {
    throw toApiError(e);
  }
}

/** The native "save as" dialog; null when the officer cancels. */
export async function chooseSaveFile(title: string, defaultPath: string | undefined, filters: FileFilter[]): Promise<string | null> {
  try {
    const picked = await save({ title, defaultPath, filters });
    return typeof picked === 'string' ? picked : null;
  } catch (e) {
    throw toApiError(e);
  }
}

/** The native "open file" dialog for one file; null when the officer cancels. */
export async function chooseOpenFile(title: string, filters: FileFilter[], defaultPath?: string): Promise<string | null> {
  try {
    const picked = await open({ directory: false, multiple: false, title, filters, defaultPath });
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
