import { describe, expect, it } from 'vitest';
import { checklistItemOfField, clauseOfField, fieldCandidates, fieldId, pointerSegments, stepOfField, STEPS } from '../../src/lib/fieldpath';

describe('field path -> element id', () => {
  it('derives stable, valid ids', () => {
    expect(fieldId('title')).toBe('f-title');
    expect(fieldId('clauses.breach.params.agency')).toBe('f-clauses-breach-params-agency');
    expect(fieldId('clauses.breach.additions[0]')).toBe('f-clauses-breach-additions-0');
    expect(fieldId('clauses.audit.custom_body')).toBe('f-clauses-audit-custom_body');
    expect(fieldId('clauses.x.params.a b')).toBe('f-clauses-x-params-a_b');
    expect(fieldId('clauses.breach.additions[12]')).toMatch(/^[A-Za-z][\w-]*$/);
  });
  it('keeps different paths apart', () => {
    const paths = ['clauses.breach.additions[1]', 'clauses.breach.additions.1', 'clauses.breach.additions', 'clauses.breach'];
    expect(new Set(paths.map(fieldId)).size).toBe(3); // [1] and .1 name the same element on purpose
  });
  it('knows which step holds a field', () => {
    expect(stepOfField('agency')).toBe('basics');
    expect(stepOfField('contract_end')).toBe('basics');
    expect(stepOfField('national_security')).toBe('applicability');
    expect(stepOfField('voluntary')).toBe('applicability');
    expect(stepOfField('clauses.breach.params.agency')).toBe('clauses');
    expect(stepOfField('something_else')).toBe('review');
    expect(stepOfField('checklist.answers.at_ipv6_policy.due')).toBe('checklist');
    expect(stepOfField('checklist.profile.internet_facing')).toBe('checklist');
  });
  it('puts the checklist step between the clauses and the review', () => {
    expect(STEPS.indexOf('checklist')).toBe(STEPS.indexOf('clauses') + 1);
    expect(STEPS.indexOf('review')).toBe(STEPS.indexOf('checklist') + 1);
  });
  it('finds the checklist item of a field', () => {
    expect(checklistItemOfField('checklist.answers.at_ipv6_policy.due')).toBe('at_ipv6_policy');
    expect(checklistItemOfField('checklist.overrides.ph_site_selection.reason')).toBe('ph_site_selection');
    expect(checklistItemOfField('checklist.profile.internet_facing')).toBeNull();
    expect(fieldId('checklist.answers.at_ipv6_policy.due')).toBe('f-checklist-answers-at_ipv6_policy-due');
  });
  it('splits JSON Pointers into unescaped segments', () => {
    expect(pointerSegments('/clauses/breach/additions/0')).toEqual(['clauses', 'breach', 'additions', '0']);
    expect(pointerSegments('/a~1b/c~01')).toEqual(['a/b', 'c~1']);
    expect(pointerSegments('')).toEqual([]);
  });
  it('falls back to enclosing paths', () => {
    expect(fieldCandidates('clauses.breach.additions[3]')).toEqual([
      'clauses.breach.additions[3]',
      'clauses.breach.additions',
      'clauses.breach',
      'clauses',
    ]);
    expect(fieldCandidates('title')).toEqual(['title']);
    expect(clauseOfField('clauses.audit.params.audit_scope')).toBe('audit');
    expect(clauseOfField('title')).toBeNull();
  });
});
