// Helpers over clause choices and bodies that mirror core's conventions.
import type { BodyPart, ClauseChoice, Project } from './backend';

/** core's template::body_text: paragraphs separated by a blank line, list items as 「・」 lines. */
export function bodyText(parts: BodyPart[]): string {
  return parts
    .map((p) => (p.type === 'paragraph' ? p.text : p.text.map((item) => `・${item}`).join('\n')))
    .join('\n\n');
}

export function emptyChoice(): ClauseChoice {
  return { include: null, params: {}, custom_body: null, deviation_reason: null, additions: [] };
}

export function isEmptyChoice(c: ClauseChoice): boolean {
  return (
    c.include === null &&
    Object.keys(c.params).length === 0 &&
    c.custom_body === null &&
    c.deviation_reason === null &&
    c.additions.length === 0
  );
}

/** Changes one clause's choice, creating it when missing and dropping it when back to default. */
export function withChoice(p: Project, clauseId: string, change: (c: ClauseChoice) => void): void {
  const c = p.clauses[clauseId] ?? emptyChoice();
  change(c);
  if (isEmptyChoice(c)) {
    delete p.clauses[clauseId];
  } else {
    p.clauses[clauseId] = c;
  }
}
