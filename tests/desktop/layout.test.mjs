// The REAL desktop app's layout at 100 % and at 125 % (SECSPEC_ZOOM), in Japanese and English:
// only the content pane scrolls (the header, the toolbar and the step list stay where they are),
// nothing on screen moves while the officer types and the autosave runs, and no step needs a
// horizontal scroll bar. Screenshots of every step go to build/screenshots/desktop-zoom*.png.
// Run by `make test` with the other desktop tests.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, sleep, stopAll, waitUntil } from './launch.mjs';

const work = mkdtempSync(join(tmpdir(), 'secspec-layout-'));
after(stopAll);

// The parts that must stay put: the app header, the wizard toolbar and its controls, the step list.
const FIXED = ['.app-header', '.toolbar', '.toolbar .btn', '.toolbar .status', '.save-status', '.steps', '[data-step="output"]'];

/** In-page source: rectangles of every element the selectors match, keyed by selector and index. */
const RECTS_FN = `function rects(selectors) {
  const out = {};
  for (const css of selectors) {
    document.querySelectorAll(css).forEach((el, i) => {
      const r = el.getBoundingClientRect();
      out[css + '#' + i] = [r.left, r.top, r.width, r.height].map((v) => Math.round(v * 10) / 10);
    });
  }
  return out;
}`;
const RECTS = `${RECTS_FN} return rects(arguments[0]);`;

// WebKitWebDriver places its clicks without the page zoom (at 125 % a click lands beside the
// button), so buttons are pressed the way a click would, through the element itself.
async function press(wd, css) {
  await wd.waitFor(css);
  await wd.execute('document.querySelector(arguments[0]).click();', [css]);
}

function moved(before, after) {
  return Object.keys(before)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k}: ${before[k]} -> ${after[k]}`);
}

async function onlyTheContentScrolls(wd, label) {
  const before = await wd.execute(RECTS, [FIXED]);
  const result = await wd.execute(`
    const pane = document.querySelector('.content');
    pane.scrollTop = 100000;
    window.scrollTo(0, 100000);
    document.querySelector('.steps').scrollIntoView();
    const page = document.scrollingElement;
    return { pane: pane.scrollTop, paneWide: pane.scrollWidth - pane.clientWidth,
             page: page.scrollTop, pageLeft: page.scrollLeft, pageTall: page.scrollHeight - window.innerHeight };`);
  assert.ok(result.pane > 0, `${label}: the content pane scrolls (${JSON.stringify(result)})`);
  assert.equal(result.page, 0, `${label}: the page itself never scrolls (${JSON.stringify(result)})`);
  assert.ok(result.pageTall <= 0, `${label}: the page is no taller than the window (${JSON.stringify(result)})`);
  assert.ok(result.paneWide <= 0, `${label}: no horizontal scroll bar in the content pane (${JSON.stringify(result)})`);
  assert.deepEqual(moved(before, await wd.execute(RECTS, [FIXED])), [], `${label}: header, toolbar and steps stay put`);
}

/** Types into #f-title key by key across several autosaves, sampling FIXED every 10 ms. */
async function nothingMovesWhileTyping(wd, label, text) {
  await wd.execute(`
    ${RECTS_FN}
    const watched = arguments[0].concat(['#f-agency', '#f-title', 'label[for="f-agency"]']);
    window.__layout = { first: null, moves: [] };
    const sample = () => {
      const now = rects(watched);
      if (window.__layout.first === null) window.__layout.first = now;
      for (const k of Object.keys(window.__layout.first)) {
        if (JSON.stringify(window.__layout.first[k]) !== JSON.stringify(now[k]) && window.__layout.moves.length < 20) {
          window.__layout.moves.push(k + ': ' + window.__layout.first[k] + ' -> ' + now[k]);
        }
      }
    };
    sample();
    window.__layout.timer = setInterval(sample, 10);`, [FIXED]);
  const field = await wd.waitFor('#f-title');
  for (const chunk of text) {
    await wd.type(field, chunk);
    // Long enough for the autosave to run between chunks: 保存中… and 保存済み alternate.
    await sleep(700);
  }
  await waitUntil(async () => (await wd.findAll('.save-status.state-saved')).length === 1, 'saved');
  const moves = await wd.execute('clearInterval(window.__layout.timer); return window.__layout.moves;');
  assert.deepEqual(moves, [], `${label}: nothing moves while typing`);
}

/** The edit history names each field as the form does (件名), never by its internal path. */
async function historyInWords(wd, s, label) {
  await press(wd, 'details.history summary');
  await waitUntil(async () => (await wd.findAll('details.history tbody tr')).length >= 2, 'history rows');
  const fields = await wd.execute("return [...document.querySelectorAll('details.history tbody tr td:nth-child(3)')].map((td) => td.textContent.trim());");
  assert.ok(fields.includes('件名'), `${label}: the title's edits are named 件名: ${fields}`);
  const raw = fields.filter((f) => /^\/|[a-z]+_[a-z]+|^[a-z_]+$/.test(f));
  assert.deepEqual(raw, [], `${label}: no internal field names in the history`);
  await wd.execute("document.querySelector('details.history').scrollIntoView({ block: 'start' });");
  await s.shot('3b-history');
  await press(wd, 'details.history summary');
}

/** Scrolls the DOCX typeface choice of the basics step into the middle of the pane. */
async function showWordFont(wd) {
  await wd.waitFor('[data-testid="word-font-yu"]');
  await wd.execute('document.querySelector(\'[data-testid="word-font-yu"]\').scrollIntoView({ block: "center" });');
  await sleep(200);
}

for (const [zoom, pct] of [['1', 100], ['1.25', 125]]) {
  test(`at ${pct} %: only the content pane scrolls and nothing moves while typing, in Japanese and English`, async () => {
    const s = await launch(work, join(work, `zoom-${pct}.db`), { prefix: `zoom${pct}`, env: { SECSPEC_ZOOM: zoom } });
    const { wd } = s;
    await wd.waitFor('main.list');
    // The zoom reached the page: a 1280 px window is 1280 / zoom CSS pixels wide.
    const width = await wd.execute('return window.innerWidth;');
    assert.ok(Math.abs(width * Number(zoom) - 1280) <= 4, `window is ${width} CSS px wide at ${pct} %`);
    await s.shot('1-list');
    await press(wd, 'main.list .btn-primary');
    await wd.waitFor('#f-title');
    await nothingMovesWhileTyping(wd, `${pct} % ja`, ['令和9年度', '文書管理システム', '運用保守業務']);
    await s.shot('2-basics');
    await showWordFont(wd);
    await s.shot('2b-word-font');
    for (const step of ['applicability', 'clauses', 'checklist', 'review', 'output']) {
      await press(wd, `[data-step="${step}"]`);
      await wd.waitFor('#step-heading');
      await sleep(300);
      if (step === 'clauses' || step === 'checklist') await onlyTheContentScrolls(wd, `${pct} % ja ${step}`);
      if (step === 'review') await historyInWords(wd, s, `${pct} %`);
      await wd.execute('document.querySelector(".content").scrollTop = 0;');
      await s.shot(`3-${step}`);
    }
    await press(wd, '.app-header .lang');
    await waitUntil(async () => (await wd.text(await wd.find('[data-step="basics"]'))).match(/[A-Za-z]/), 'steps in English');
    await press(wd, '[data-step="basics"]');
    await nothingMovesWhileTyping(wd, `${pct} % en`, [' (English)', ' phase 2']);
    await s.shot('4-basics-en');
    await showWordFont(wd);
    await s.shot('4b-word-font-en');
    for (const step of ['clauses', 'review', 'output']) {
      await press(wd, `[data-step="${step}"]`);
      await wd.waitFor('#step-heading');
      await sleep(300);
      if (step === 'clauses') await onlyTheContentScrolls(wd, `${pct} % en ${step}`);
      await wd.execute('document.querySelector(".content").scrollTop = 0;');
      await s.shot(`5-${step}-en`);
    }
    await s.stop();
  });
}
