// The project being edited: its state, autosave with revision checks, undo, and the live
// evaluation and preview that follow every change.
import * as backend from './backend';
import type { ApiError, DocumentKind, Evaluation, Preview, Project, ProjectState } from './backend';
import { debounce } from './debounce';
import type { Msg } from './validate';
import type { Key } from './i18n';

export const SAVE_DELAY_MS = 400;
/** Continuous typing is saved at most this long after the first unsaved change. */
export const SAVE_MAX_WAIT_MS = 1000;
/** A save that failed for a reason outside the project (locked, read-only or full database) is
 * retried after this long, doubling up to RETRY_MAX_MS, until it succeeds. */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 16000;
export const REFRESH_DELAY_MS = 250;
/** Typing into one field within this time is one undo step, not one per keystroke. */
export const UNDO_COALESCE_MS = 1500;
export const UNDO_LIMIT = 100;

export type SaveState = 'saved' | 'saving' | 'failed';

export class ProjectSession {
  readonly id: number;
  project = $state<Project>() as Project;
  revision = $state(0);
  status = $state('draft');
  updatedWareki = $state('');
  saveState = $state<SaveState>('saved');
  saveError = $state<ApiError | null>(null);
  /** Messages from a refused save, by field path; cleared when that field is edited. */
  fieldErrors = $state<Record<string, Msg>>({});
  /** Values refused on screen and so not stored (a date that is not one): by field path. */
  refused = $state<Record<string, Msg>>({});
  /** A one-off message for the officer (e.g. reloaded after a conflict). */
  notice = $state<Key | null>(null);
  /** Seconds until the next automatic attempt after a failed save (null: none planned). */
  retryIn = $state<number | null>(null);
  /** Set when leaving was refused because edits are not stored yet. */
  leaveRefused = $state(false);
  evaluation = $state<Evaluation | null>(null);
  previewVisible = $state(true);
  previewKind = $state<DocumentKind | null>(null);
  preview = $state<Preview | null>(null);
  previewBusy = $state(false);
  undoDepth = $state(0);
  redoDepth = $state(0);
  /** The last evaluation or preview failure (shown apart from the save status). */
  refreshError = $state<ApiError | null>(null);

  #undo: Project[] = [];
  /** States undone, newest last; a new edit clears them. */
  #redo: Project[] = [];
  #lastField: string | null = null;
  #lastEditAt = 0;
  #saving = false;
  #saveAgain = false;
  #evalSeq = 0;
  #saver = debounce(() => void this.#save(), SAVE_DELAY_MS, SAVE_MAX_WAIT_MS);
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryDelay = RETRY_FIRST_MS;
  #disposed = false;
  #refresher = debounce(() => void this.refresh(), REFRESH_DELAY_MS);

  constructor(state: ProjectState) {
    this.id = state.id;
    this.#adopt(state);
  }

  #adopt(state: ProjectState) {
    this.project = state.project;
    this.revision = state.revision;
    this.status = state.status;
    this.updatedWareki = state.updated_wareki;
  }

  snapshot(): Project {
    return $state.snapshot(this.project) as Project;
  }

  /**
   * Every change goes through here: remember the state before it for undo, apply it, then save
   * and re-evaluate after a pause. `field` is core's field path, used for undo grouping and errors.
   */
  edit(field: string, change: (p: Project) => void): void {
    const now = Date.now();
    if (field !== this.#lastField || now - this.#lastEditAt > UNDO_COALESCE_MS) {
      this.#undo.push(this.snapshot());
      if (this.#undo.length > UNDO_LIMIT) this.#undo.shift();
      this.undoDepth = this.#undo.length;
    }
    this.#lastField = field;
    this.#lastEditAt = now;
    this.#redo = [];
    this.redoDepth = 0;
    change(this.project);
    if (field in this.fieldErrors) delete this.fieldErrors[field];
    this.notice = null;
    this.#changed(false);
  }

  /** A field's typed value was refused (`msg`) or is fine again (`null`). */
  setRefused(field: string, msg: Msg | null): void {
    if (msg) this.refused[field] = msg;
    else delete this.refused[field];
  }

  /**
   * The status shown: while a typed value is refused, the stored project is not what the screen
   * shows, so it never reads as ready.
   */
  get shownStatus(): string {
    return Object.keys(this.refused).length > 0 && this.status !== 'draft' ? 'draft' : this.status;
  }

  get canUndo(): boolean {
    return this.undoDepth > 0;
  }

  get canRedo(): boolean {
    return this.redoDepth > 0;
  }

  /** Back to the state before the last edit; saved at once. */
  undo(): boolean {
    const previous = this.#undo.pop();
    this.undoDepth = this.#undo.length;
    if (!previous) return false;
    this.#redo.push(this.snapshot());
    this.redoDepth = this.#redo.length;
    this.project = previous;
    this.#lastField = null;
    this.#changed(true);
    return true;
  }

  /** The edit last undone, again (Ctrl+Shift+Z); saved at once. */
  redo(): boolean {
    const next = this.#redo.pop();
    this.redoDepth = this.#redo.length;
    if (!next) return false;
    this.#undo.push(this.snapshot());
    this.undoDepth = this.#undo.length;
    this.project = next;
    this.#lastField = null;
    this.#changed(true);
    return true;
  }

  #changed(saveNow: boolean) {
    this.saveState = 'saving';
    if (saveNow) {
      this.#saver.cancel();
      void this.#save();
    } else {
      this.#saver.schedule();
    }
    this.#refresher.schedule();
  }

  /**
   * Saves pending changes now (before leaving the wizard or generating), including one more
   * attempt at a save that failed. True when everything on screen is stored.
   */
  async flush(): Promise<boolean> {
    if (this.saveState === 'failed' && this.#retryTimer) {
      this.#cancelRetry();
      void this.#save();
    }
    this.#saver.flush();
    while (this.#saving || this.#saver.pending) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.saveState === 'saved';
  }

  /**
   * Before the project is closed: true when it may close. Unsaved edits keep it open (with
   * `leaveRefused` set) unless the officer chose to discard them.
   */
  async mayLeave(): Promise<boolean> {
    const stored = await this.flush();
    this.leaveRefused = !stored;
    return stored;
  }

  /** Waits and saves again, each wait twice the last, while the save keeps failing. */
  #scheduleRetry() {
    if (this.#disposed) return;
    this.#cancelRetry();
    const delay = this.#retryDelay;
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
    this.retryIn = Math.ceil(delay / 1000);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.retryIn = null;
      if (!this.#disposed && this.saveState === 'failed') void this.#save();
    }, delay);
  }

  #cancelRetry() {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.retryIn = null;
  }

  async #save(): Promise<void> {
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    this.#saving = true;
    this.saveState = 'saving';
    try {
      const saved = await backend.saveProject(this.id, this.revision, this.snapshot());
      // Only the bookkeeping is taken over: the officer may have typed on while this was in flight.
      this.revision = saved.revision;
      this.status = saved.status;
      this.updatedWareki = saved.updated_wareki;
      this.fieldErrors = {};
      this.saveError = null;
      // Typing that arrived while this save was in flight is not stored yet: 保存済み would
      // acknowledge text a crash now would lose.
      this.saveState = this.#saver.pending ? 'saving' : 'saved';
      this.leaveRefused = false;
      this.#retryDelay = RETRY_FIRST_MS;
      this.#cancelRetry();
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'conflict') {
        await this.#reloadAfterConflict();
      } else {
        this.saveError = err;
        this.saveState = 'failed';
        // A refused value waits for the officer's correction; anything else (a locked,
        // read-only or full database, a file error) may pass later, so it is tried again.
        if (err.code !== 'invalid') this.#scheduleRetry();
        if (err.code === 'invalid') {
          const byField: Record<string, Msg> = {};
          for (const issue of err.issues) byField[issue.field] ??= { ja: issue.ja, en: issue.en };
          if (err.field && !byField[err.field]) byField[err.field] = { ja: err.message.ja, en: err.message.en };
          this.fieldErrors = byField;
        }
      }
    } finally {
      this.#saving = false;
      if (this.#saveAgain) {
        this.#saveAgain = false;
        this.saveState = 'saving';
        void this.#save();
      }
    }
  }

  /** Someone else saved first: show their version, keep ours one undo away so no typing is lost. */
  async #reloadAfterConflict(): Promise<void> {
    const mine = this.snapshot();
    try {
      const current = await backend.getProject(this.id);
      this.#undo.push(mine);
      this.undoDepth = this.#undo.length;
      this.#lastField = null;
      this.#adopt(current);
      this.fieldErrors = {};
      this.saveError = null;
      this.saveState = 'saved';
      this.notice = 'save.conflict';
      this.#refresher.schedule();
    } catch (e) {
      this.saveError = e as ApiError;
      this.saveState = 'failed';
    }
  }

  /**
   * Takes over a project the back end changed itself (a checklist imported from Excel): its
   * content and revision replace ours, the state before stays one undo away. Call after flush().
   */
  adoptStored(state: ProjectState): void {
    if (state.revision !== this.revision || JSON.stringify(state.project) !== JSON.stringify(this.snapshot())) {
      this.#undo.push(this.snapshot());
      if (this.#undo.length > UNDO_LIMIT) this.#undo.shift();
      this.undoDepth = this.#undo.length;
    }
    this.#saver.cancel();
    this.#lastField = null;
    this.#adopt(state);
    this.fieldErrors = {};
    this.saveError = null;
    this.saveState = 'saved';
    this.#refresher.schedule();
  }

  /** Re-evaluates (decision, lint, composed clauses) and re-renders the preview if shown. */
  async refresh(): Promise<void> {
    const seq = ++this.#evalSeq;
    const project = this.snapshot();
    try {
      const evaluation = await backend.evaluate(project);
      if (seq !== this.#evalSeq) return;
      this.evaluation = evaluation;
      this.refreshError = null;
      if (!this.previewKind || !evaluation.documents.includes(this.previewKind)) {
        this.previewKind = evaluation.documents[0] ?? null;
      }
    } catch (e) {
      if (seq === this.#evalSeq) this.refreshError = e as ApiError;
      return;
    }
    await this.refreshPreview(seq);
  }

  async refreshPreview(seq = this.#evalSeq): Promise<void> {
    if (!this.previewVisible || !this.previewKind) {
      if (!this.previewKind) this.preview = null;
      return;
    }
    this.previewBusy = true;
    try {
      const p = await backend.preview(this.id, this.revision, this.snapshot(), this.previewKind);
      if (seq === this.#evalSeq) this.preview = p;
    } catch (e) {
      if (seq === this.#evalSeq) this.refreshError = e as ApiError;
    } finally {
      if (seq === this.#evalSeq) this.previewBusy = false;
    }
  }

  setPreviewKind(kind: DocumentKind) {
    this.previewKind = kind;
    void this.refreshPreview();
  }

  togglePreview() {
    this.previewVisible = !this.previewVisible;
    if (this.previewVisible) void this.refreshPreview();
  }

  /** Stops timers when the wizard closes (after flush). */
  dispose() {
    this.#disposed = true;
    this.#cancelRetry();
    this.#saver.cancel();
    this.#refresher.cancel();
    this.#evalSeq++;
  }
}

/** Loads a project and its first evaluation. */
export async function openSession(id: number): Promise<ProjectSession> {
  const state = await backend.getProject(id);
  const s = new ProjectSession(state);
  await s.refresh();
  return s;
}
