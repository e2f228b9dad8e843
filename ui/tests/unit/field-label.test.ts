import { describe, expect, it } from 'vitest';
import { historyFieldLabel } from '../../src/lib/field-label';
import { setLang } from '../../src/lib/locale.svelte';

describe('edit-history fields in words', () => {
  it('names project fields, never the pointer', () => {
    setLang('ja');
    expect(historyFieldLabel('/title')).toBe('件名');
    expect(historyFieldLabel('/word_font')).toBe('Word 文書（DOCX）の書体');
    expect(historyFieldLabel('/national_security_reason')).not.toContain('national_security');
    setLang('en');
    expect(historyFieldLabel('/title')).toBe('Title of the procurement');
  });
  it('names a field it does not know by the nearest field it knows, or as another field', () => {
    setLang('ja');
    // A clause part below the ones the UI names falls back to the clause part above it.
    expect(historyFieldLabel('/clauses/breach/additions/0/text')).toBe(historyFieldLabel('/clauses/breach/additions/0'));
    expect(historyFieldLabel('/no_such/field')).toBe('その他の項目');
    for (const pointer of ['/title', '/clauses/breach/custom_body', '/checklist/answers/x/due', '/no_such']) {
      expect(historyFieldLabel(pointer)).not.toMatch(/[/_]/);
    }
  });
});
