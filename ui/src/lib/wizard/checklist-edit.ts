// Small edits of a project's checklist state, shared by the checklist components.
import type { ChecklistState, ItemAnswer, Project } from '../backend';

/** The project's checklist state, created empty for projects saved before the checklist existed. */
export function ensureChecklist(p: Project): ChecklistState {
  p.checklist ??= { profile: {}, overrides: {}, answers: {} };
  p.checklist.profile ??= {};
  p.checklist.overrides ??= {};
  p.checklist.answers ??= {};
  return p.checklist;
}

/** The item's answer record, for editing its notes (null when the item is not answered). */
export function answerRecord(p: Project, item: string): ItemAnswer | null {
  return ensureChecklist(p).answers[item] ?? null;
}
