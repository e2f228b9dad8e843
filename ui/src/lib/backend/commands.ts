// Generated from crates/api/src/commands.rs (`UPDATE_BINDINGS=1 cargo test -p secspec-api`); do not edit.
import type { AcknowledgeAll, AppInfo, BackupItem, BackupList, CheckOutcome, ChecklistImport, ContractorResponse, DatabaseCheck, DatabaseStatus, DateReading, DocumentKind, Evaluation, ExportedFile, GenerateRequest, GeneratedFile, GenerationRecord, HistoryItem, Lang, LibraryView, PackageExport, Preview, Project, ProjectFileExport, ProjectFileImport, ProjectListItem, ProjectState, QuestionAnswers, ResponseCheck, ResponseImported, ResponseRecord, ResponseWritten, RestoreOutcome, ReviewOpened } from './types';

/** Every command: its arguments and its result. */
export interface CommandMap {
  app_info: { args: Record<string, never>; result: AppInfo };
  database_status: { args: Record<string, never>; result: DatabaseStatus };
  import_legacy: { args: { path: string }; result: Array<number> };
  backups: { args: Record<string, never>; result: BackupList };
  backup_now: { args: Record<string, never>; result: BackupItem };
  restore_backup: { args: { path: string }; result: RestoreOutcome };
  check_database: { args: Record<string, never>; result: DatabaseCheck };
  library_view: { args: Record<string, never>; result: LibraryView };
  read_date: { args: { text: string }; result: DateReading };
  blank_project: { args: Record<string, never>; result: Project };
  list_projects: { args: Record<string, never>; result: Array<ProjectListItem> };
  create_project: { args: { project: Project }; result: ProjectState };
  get_project: { args: { id: number }; result: ProjectState };
  save_project: { args: { id: number; revision: number; project: Project }; result: ProjectState };
  duplicate_project: { args: { id: number }; result: ProjectState };
  delete_project: { args: { id: number }; result: null };
  project_export: { args: { id: number; path: string }; result: ProjectFileExport };
  project_import: { args: { path: string }; result: ProjectFileImport };
  evaluate: { args: { project: Project }; result: Evaluation };
  preview: { args: { id: number; revision: number; project: Project; kind: DocumentKind }; result: Preview };
  generate: { args: { request: GenerateRequest }; result: Array<GeneratedFile> };
  generations: { args: { id: number }; result: Array<GenerationRecord> };
  history: { args: { id: number }; result: Array<HistoryItem> };
  checklist_export: { args: { id: number; path: string }; result: ExportedFile };
  checklist_import: { args: { id: number; revision: number; path: string }; result: ChecklistImport };
  package_export: { args: { id: number; path: string }; result: PackageExport };
  open_review: { args: { path: string; accept_new_key: boolean | null }; result: ReviewOpened };
  check_response: { args: { response: ContractorResponse }; result: ResponseCheck };
  write_response: { args: { review_path: string; response: ContractorResponse; out_path: string }; result: ResponseWritten };
  contractor_documents: { args: { review_path: string; response: ContractorResponse; dir: string; draft: boolean | null }; result: Array<GeneratedFile> };
  import_response: { args: { id: number; path: string; accept_new_key: boolean | null }; result: ResponseImported };
  responses: { args: { id: number }; result: Array<ResponseRecord> };
  acknowledge_all: { args: { review_path: string; response: ContractorResponse }; result: AcknowledgeAll };
  question_answers: { args: { id: number; lang: Lang | null }; result: QuestionAnswers };
  set_question_answer: { args: { id: number; target: string; answer: string }; result: QuestionAnswers };
  write_question_answers: { args: { id: number; dir: string; lang: Lang | null; draft: boolean | null }; result: Array<GeneratedFile> };
  check_file: { args: { path: string; report_path: string | null; lang: Lang | null }; result: CheckOutcome };
  project_from_check: { args: { path: string }; result: ProjectState };
}

export type CommandName = keyof CommandMap;
export type Transport = <K extends CommandName>(cmd: K, args: CommandMap[K]['args']) => Promise<CommandMap[K]['result']>;

/** A typed function per command, calling `call`. */
export function makeCommands(call: Transport) {
  return {
    appInfo: () => call('app_info', {}),
    databaseStatus: () => call('database_status', {}),
    importLegacy: (path: string) => call('import_legacy', { path }),
    backups: () => call('backups', {}),
    backupNow: () => call('backup_now', {}),
    restoreBackup: (path: string) => call('restore_backup', { path }),
    checkDatabase: () => call('check_database', {}),
    libraryView: () => call('library_view', {}),
    readDate: (text: string) => call('read_date', { text }),
    blankProject: () => call('blank_project', {}),
    listProjects: () => call('list_projects', {}),
    createProject: (project: Project) => call('create_project', { project }),
    getProject: (id: number) => call('get_project', { id }),
    saveProject: (id: number, revision: number, project: Project) => call('save_project', { id, revision, project }),
    duplicateProject: (id: number) => call('duplicate_project', { id }),
    deleteProject: (id: number) => call('delete_project', { id }),
    projectExport: (id: number, path: string) => call('project_export', { id, path }),
    projectImport: (path: string) => call('project_import', { path }),
    evaluate: (project: Project) => call('evaluate', { project }),
    preview: (id: number, revision: number, project: Project, kind: DocumentKind) => call('preview', { id, revision, project, kind }),
    generate: (request: GenerateRequest) => call('generate', { request }),
    generations: (id: number) => call('generations', { id }),
    history: (id: number) => call('history', { id }),
    checklistExport: (id: number, path: string) => call('checklist_export', { id, path }),
    checklistImport: (id: number, revision: number, path: string) => call('checklist_import', { id, revision, path }),
    packageExport: (id: number, path: string) => call('package_export', { id, path }),
    openReview: (path: string, acceptNewKey: boolean | null) => call('open_review', { path, accept_new_key: acceptNewKey }),
    checkResponse: (response: ContractorResponse) => call('check_response', { response }),
    writeResponse: (reviewPath: string, response: ContractorResponse, outPath: string) => call('write_response', { review_path: reviewPath, response, out_path: outPath }),
    contractorDocuments: (reviewPath: string, response: ContractorResponse, dir: string, draft: boolean | null) => call('contractor_documents', { review_path: reviewPath, response, dir, draft }),
    importResponse: (id: number, path: string, acceptNewKey: boolean | null) => call('import_response', { id, path, accept_new_key: acceptNewKey }),
    responses: (id: number) => call('responses', { id }),
    acknowledgeAll: (reviewPath: string, response: ContractorResponse) => call('acknowledge_all', { review_path: reviewPath, response }),
    questionAnswers: (id: number, lang: Lang | null) => call('question_answers', { id, lang }),
    setQuestionAnswer: (id: number, target: string, answer: string) => call('set_question_answer', { id, target, answer }),
    writeQuestionAnswers: (id: number, dir: string, lang: Lang | null, draft: boolean | null) => call('write_question_answers', { id, dir, lang, draft }),
    checkFile: (path: string, reportPath: string | null, lang: Lang | null) => call('check_file', { path, report_path: reportPath, lang }),
    projectFromCheck: (path: string) => call('project_from_check', { path }),
  };
}
