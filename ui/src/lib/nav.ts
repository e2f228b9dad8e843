// How any part of the wizard moves the officer: to a step, or to the input of a field path.
import { getContext, setContext, tick } from 'svelte';
import { checklistView } from './checklist-view.svelte';
import { checklistItemOfField, clauseOfField, fieldCandidates, fieldId, stepOfField, type StepId } from './fieldpath';

export interface WizardNav {
  goToStep(step: StepId): void;
  goToField(path: string): Promise<boolean>;
}

const KEY = Symbol('wizard-nav');

export function provideNav(nav: WizardNav): void {
  setContext(KEY, nav);
}

export function useNav(): WizardNav {
  return getContext<WizardNav>(KEY);
}

/**
 * Opens the step holding `path`, opens its clause (or checklist item) if folded, then focuses and scrolls to the input
 * (or the nearest enclosing element that has an id from the same path).
 */
export async function focusField(path: string, showStep: (step: StepId) => void): Promise<boolean> {
  showStep(stepOfField(path));
  await tick();
  const clause = clauseOfField(path);
  if (clause) {
    const details = document.getElementById(`clause-${clause}`)?.closest('details');
    if (details && !details.open) {
      details.open = true;
      await tick();
    }
  }
  const item = checklistItemOfField(path);
  if (item) {
    // The checklist step shows the item (filters cleared) with its details open.
    checklistView.reveal = item;
    await tick();
    await tick();
  }
  for (const candidate of fieldCandidates(path)) {
    const el = document.getElementById(fieldId(candidate));
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      return true;
    }
  }
  return false;
}
