import { describe, expect, it } from 'vitest';
import { checkParam, checkPeriod, checkRequired, checkText, parseInteger, type ParamRule } from '../../src/lib/validate';

const text = (max_len: number | null = null): ParamRule => ({ kind: 'text', required: true, max_len, min: null, max: null, options: [] });
const integer: ParamRule = { kind: 'integer', required: false, max_len: null, min: 1, max: 90, options: [] };
const choice: ParamRule = {
  kind: 'choice',
  required: false,
  max_len: null,
  min: null,
  max: null,
  options: [
    { value: 'monthly', ja: '毎月', en: 'monthly' },
    { value: 'quarterly', ja: '四半期ごとに', en: 'quarterly' },
  ],
};

describe('checkText (validate::text)', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(checkText('𠮷'.repeat(3), 3, false)).toBeNull();
    expect(checkText('𠮷'.repeat(4), 3, false)?.ja).toBe('長すぎます（4 文字、上限 3 文字）');
  });
  it('rejects control characters, and line breaks in single-line fields', () => {
    expect(checkText('a\u0007b', 10, true)?.en).toBe('contains the control character U+0007');
    expect(checkText('a\u0085b', 10, true)?.en).toBe('contains the control character U+0085');
    expect(checkText('a\uFFFEb', 10, true)?.en).toBe('contains the control character U+FFFE');
    expect(checkText('a\nb', 10, false)?.en).toBe('contains the control character U+000A');
    expect(checkText('a\r\nb', 10, true)).toBeNull();
    expect(checkText('a\tb', 10, true)?.en).toBe('contains the control character U+0009');
  });
});

describe('checkParam (validate::param_value)', () => {
  it('leaves empty values to lint unless asked', () => {
    expect(checkParam(text(), '  ')).toBeNull();
    expect(checkParam(text(), '', true)?.en).toBe('needed for a final document');
  });
  it('applies max_len to trimmed text', () => {
    expect(checkParam(text(5), ' デジタル庁 ')).toBeNull();
    expect(checkParam(text(4), 'デジタル庁')?.ja).toContain('上限 4 文字');
  });
  it('checks integers like Rust i64 parsing and the range', () => {
    expect(checkParam(integer, '14')).toBeNull();
    expect(checkParam(integer, '+14')).toBeNull();
    // Full-width digits from a Japanese IME read as the number (the service reads them so too).
    expect(checkParam(integer, '１４')).toBeNull();
    expect(parseInteger('１４')).toBe(14n);
    expect(checkParam(integer, '1.5')?.en).toBe('"1.5" is not a whole number');
    expect(checkParam(integer, '0')?.ja).toBe('0 は範囲外です（1〜90）');
    expect(checkParam(integer, '91')?.en).toBe('91 is out of range (1..=90)');
    expect(parseInteger('99999999999999999999')).toBeNull();
  });
  it('accepts a choice by value or by label', () => {
    expect(checkParam(choice, 'monthly')).toBeNull();
    expect(checkParam(choice, '毎月')).toBeNull();
    expect(checkParam(choice, 'weekly')?.ja).toBe('「weekly」は選択肢にありません（monthly, quarterly）');
  });
});

describe('dates', () => {
  it('requires the end of the contract on or after its start', () => {
    expect(checkPeriod('2027-04-01', '2028-03-31')).toBeNull();
    expect(checkPeriod('2027-04-01', '2027-03-31')?.ja).toBe('契約終了日 2027-03-31 が契約開始日 2027-04-01 より前です');
    expect(checkPeriod(null, '2027-03-31')).toBeNull();
  });
  it('requires title and agency', () => {
    expect(checkRequired('　')).toEqual({ ja: '入力してください（必須）', en: 'required' });
    expect(checkRequired('件名')).toBeNull();
  });
});
