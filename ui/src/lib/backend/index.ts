// The only module that talks to Tauri: every IPC command as a typed function, every rejection as
// an ApiError, and the native helpers the UI needs (choose a folder or a file, show a file in its
// folder, the window's close request, files dropped on the window).
import { invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open, save } from '@tauri-apps/plugin-dialog';
import { revealItemInDir } from '@tauri-apps/plugin-opener';
import { toApiError } from './errors';
import { makeCommands, type Transport } from './commands';
import type { ContractorResponse, Lang } from './types';

export * from './types';
export { isApiError, toApiError } from './errors';
export type { CommandMap, CommandName } from './commands';

// Commands, their names and argument names come from the generated map (commands.ts), so the
// UI calls exactly what the Rust table declares.
const call: Transport = async (cmd, args) => {
  try {
    return await invoke(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
};

const commands = makeCommands(call);

export const appInfo = commands.appInfo;
export const library = commands.libraryView;
/** Reads a typed date (2027-04-01, 2027/4/1, 令和9年4月1日 …) as every date field does. */
export const readDate = commands.readDate;
export const blankProject = commands.blankProject;
export const listProjects = commands.listProjects;
export const databaseStatus = commands.databaseStatus;
/** The database's backups, newest first (works when the database itself cannot be opened). */
export const backups = commands.backups;
/** A backup into the backups folder now. */
export const backupNow = commands.backupNow;
/** Restores the database from the backup (or SecSpec database) at `path`, after checking it. */
export const restoreBackup = commands.restoreBackup;
/** integrity_check, foreign_key_check, the schema version and the backups. */
export const checkDatabase = commands.checkDatabase;
export const checkFile = commands.checkFile;
export const projectFromCheck = commands.projectFromCheck;
export const createProject = commands.createProject;
export const getProject = commands.getProject;
export const saveProject = commands.saveProject;
export const duplicateProject = commands.duplicateProject;
export const deleteProject = commands.deleteProject;
export const evaluate = commands.evaluate;
export const preview = commands.preview;
export const generate = commands.generate;
export const generations = commands.generations;
export const history = commands.history;
/** Writes the saved project's checklist as an Excel workbook at `path`. */
export const checklistExport = commands.checklistExport;
/** Reads an edited workbook; refused when the project moved past `revision`. */
export const checklistImport = commands.checklistImport;

// The review round trip.
/** Officer: writes the review package of the saved project to `path`. */
export const packageExport = commands.packageExport;
/** Contractor: opens and verifies a review package (no project needed); a changed agency key is refused unless accepted. */
export const openReview = (path: string, acceptNewKey: boolean | null = null) => commands.openReview(path, acceptNewKey);
/** Contractor: writes the response to the review package at `reviewPath` as `outPath`. */
export const writeResponse = commands.writeResponse;
/** Contractor: writes the contractor's documents (確認書 and the forms) into `dir`. */
export const contractorDocuments = (reviewPath: string, response: ContractorResponse, dir: string, draft: boolean | null = null) =>
  commands.contractorDocuments(reviewPath, response, dir, draft);
/** Officer: imports a response package into project `id`; a changed contractor key is refused unless accepted. */
export const importResponse = (id: number, path: string, acceptNewKey: boolean | null = null) => commands.importResponse(id, path, acceptNewKey);
/** Officer: the responses imported into project `id`, newest first. */
export const responses = commands.responses;
/** Contractor: 「すべて了承」 on `response` (nothing stored: the result replaces the draft like a single answer). */
export const acknowledgeAll = commands.acknowledgeAll;
/** Officer: the questions of the current response with the answers stored (locations in `lang`, the project's by default). */
export const questionAnswers = (id: number, lang: Lang | null = null) => commands.questionAnswers(id, lang);
/** Officer: stores the answer to one question (a blank answer removes it). */
export const setQuestionAnswer = commands.setQuestionAnswer;
/** Officer: writes the 質問回答書 (DOCX and PDF) into `dir`; refused while a question has no answer unless `draft`. */
export const writeQuestionAnswers = (id: number, dir: string, lang: Lang | null = null, draft: boolean | null = null) =>
  commands.writeQuestionAnswers(id, dir, lang, draft);

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

/**
 * Runs `beforeClose` when the window is asked to close; the window closes unless it returns
 * false. Nothing happens outside the desktop shell (the browser tests have no native window).
 */
export function onWindowCloseRequested(beforeClose: () => Promise<boolean>): void {
  try {
    void getCurrentWindow()
      .onCloseRequested(async (event) => {
        if (!(await beforeClose())) event.preventDefault();
      })
      .catch(() => {});
  } catch {
    // Not inside the desktop shell.
  }
}

/**
 * Calls `dropped` with the paths of files dropped on the window; returns a function that stops
 * listening. Outside the desktop shell nothing is ever dropped.
 */
export function onFilesDropped(dropped: (paths: string[]) => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  try {
    void getCurrentWebview()
      .onDragDropEvent((e) => {
        if (e.payload.type === 'drop') dropped(e.payload.paths);
      })
      .then((unlisten) => {
        if (stopped) unlisten();
        else stop = unlisten;
      })
      .catch(() => {});
  } catch {
    // Not inside the desktop shell: typed paths and dialogs only.
  }
  return () => {
    stopped = true;
    stop?.();
  };
}
