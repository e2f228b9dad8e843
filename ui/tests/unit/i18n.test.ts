import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, messages, translate, type Key } from '../../src/lib/i18n';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'bindings' ? [] : sources(p);
    return /\.(svelte|ts)$/.test(name) ? [p] : [];
  });
}

const src = join(__dirname, '../../src');

describe('i18n catalog', () => {
  it('has a Japanese and an English text for every key', () => {
    for (const [key, entry] of Object.entries(messages)) {
      // Separators (ui.sep) may be a space; everything else needs visible text.
      const visible = (t: string) => (key.startsWith('ui.') ? t : t.trim());
      expect(visible(entry.ja), `${key} ja`).not.toBe('');
      expect(visible(entry.en), `${key} en`).not.toBe('');
      // Placeholders must match, or one language silently loses a value.
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(entry.en), `${key} placeholders`).toEqual(names(entry.ja));
    }
  });

  it('knows every key the components use', () => {
    const used = new Set<string>();
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)) used.add(m[1]);
      for (const m of readFileSync(file, 'utf8').matchAll(/msgOf\(\s*'([a-zA-Z_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in messages));
    expect(missing).toEqual([]);
  });

  it('has no unused keys', () => {
    // The catalog itself names every key, so it is not a use.
    const text = sources(src)
      .filter((f) => !f.endsWith('i18n.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // Keys built from data (`step.${id}`, `doc.${kind}` …) are used through their prefix.
    const dynamic = ['step.', 'doc.', 'format.', 'origin.', 'status.', 'scope.', 'severity.', 'cl.st.', 'cl.seg.', 'history.action.', 'field.wordFont.', 'check.kind.'];
    const unused = Object.keys(messages).filter((k) => !text.includes(`'${k}'`) && !dynamic.some((d) => k.startsWith(d)));
    expect(unused).toEqual([]);
  });

  it('keeps Japanese user text out of components (it belongs in the catalog or the data)', () => {
    const offenders: string[] = [];
    for (const file of sources(join(src, 'lib'))) {
      if (file.endsWith('i18n.ts') || file.endsWith('validate.ts')) continue;
      const code = readFileSync(file, 'utf8')
        .replace(/\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/<!--[\s\S]*?-->/g, '');
      // Kana, kanji and Japanese punctuation (：（）、 and the ideographic space) belong in the
      // catalog, which has the English form too; only the 「・」 list marker may appear in code.
      const hits = code.match(/[\u3040-\u30fa\u30fc-\u30ff\u4e00-\u9fff\uff1a\uff08\uff09\u3000\u3001]+/g);
      if (hits) offenders.push(`${file}: ${hits.join(' ')}`);
    }
    expect(offenders).toEqual([]);
  });

  it('formats placeholders and leaves unknown ones visible', () => {
    expect(format('{n} 件', { n: 3 })).toBe('3 件');
    expect(format('{a}{b}', { a: 'x' })).toBe('x{b}');
    expect(translate('en', 'list.count' as Key, { n: 2 })).toBe('2 project(s)');
    expect(translate('ja', 'status.generated')).toBe('出力済');
  });
});
