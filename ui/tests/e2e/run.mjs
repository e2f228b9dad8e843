// Browser tests of the built UI against the real Rust service (the UI test server, a fresh
// database per test). Run: npm run e2e
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../server.mjs';
import { assert, axe, eventually, run, shot } from './harness.mjs';
import { contractorWalk } from './contractor.mjs';
import { readEntry } from './zip.mjs';

// The service of the running test, the library it serves and the stored sample project (tests
// run one at a time).
let server;
let library;
let sample;
let native;

/** Runs a test body with the test's service and what it serves at hand. */
const withServer = (fn) => async (ctx) => {
  server = ctx.server;
  native = ctx.native;
  library = await server.call('library_view');
  sample = (await server.call('get_project', { id: 1 })).project;
  await fn(ctx);
};

const TEXT = {
  ja: {
    projects: '案件一覧',
    create: '新規作成',
    saved: '保存済み',
    cancel: 'キャンセル',
    confirmDelete: '削除する',
    deleteNamed: (t) => `「${t}」を削除`,
    duplicateNamed: (t) => `「${t}」を複製`,
    editNamed: (t) => `${t}を編集`,
    agencyLabel: '府省庁名',
    stepAppl: '適用判断',
    scopeRequired: '適用（要件の記載が必要）',
    scopeOut: '適用対象外',
    scopeVoluntary: '任意適用',
    ready: '最終版を出力できます。',
    generated: '出力済',
    back: '案件一覧に戻る',
    undone: '直前の変更を取り消しました。',
    dateHint: '西暦 2027年4月1日',
    dateShown: '令和9年4月1日',
    title: '統合認証基盤の運用保守業務',
    reason: '認証基盤の設定情報と利用者情報を受注者が扱うため。',
    addition: '受注者は、管理者アカウントに多要素認証を用いること。',
    devReason: '報告の即時性は維持しつつ、夜間の体制を考慮した表現とするため。',
    from: '直ちに',
    to: '速やかに',
    del: '直ち',
    ins: '速やか',
    previewHide: 'プレビューを隠す',
    previewShow: 'プレビューを表示',
  },
  en: {
    projects: 'Projects',
    create: 'New project',
    saved: 'Saved',
    cancel: 'Cancel',
    confirmDelete: 'Delete',
    deleteNamed: (t) => `Delete “${t}”`,
    duplicateNamed: (t) => `Duplicate “${t}”`,
    editNamed: (t) => `Edit ${t}`,
    agencyLabel: 'Ministry or agency',
    stepAppl: 'Applicability',
    scopeRequired: 'In scope (requirements needed)',
    scopeOut: 'Out of scope',
    scopeVoluntary: 'Voluntary use',
    ready: 'Nothing blocks a final document.',
    generated: 'Generated',
    back: 'Back to projects',
    undone: 'The last change was undone.',
    dateHint: '2027-04-01 (令和9年4月1日)',
    dateShown: '2027-04-01',
    title: 'Operation of the shared authentication platform',
    reason: 'The contractor handles the configuration and user data of the authentication platform.',
    addition: 'The contractor shall use multi-factor authentication for administrator accounts.',
    devReason: 'Keeps the report immediate while allowing for night-time staffing.',
    from: 'immediately',
    to: 'promptly',
    del: 'immediately',
    ins: 'promptly',
    previewHide: 'Hide preview',
    previewShow: 'Show preview',
  },
};

/** The arguments of the page's calls of `cmd`, as the service received them. */
const mockCalls = (_page, cmd) => server.callsOf(cmd);
const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const rows = (page) => page.locator('table.projects tbody tr').count();
const text = (page, sel) => page.locator(sel).first().innerText();
const saved = (page, T) => eventually(async () => (await text(page, '.save-status')).includes(T.saved), 'autosave did not finish');

/** No style attributes, no <style> elements, scripts and styles only from the app itself. */
async function checkMarkup(page, where) {
  const found = await page.evaluate(() => ({
    // An empty style="" (left by test tooling on inputs it touched) carries no CSS.
    styled: [...document.querySelectorAll('[style]')].filter((e) => e.getAttribute('style').trim() !== '').map((e) => e.outerHTML.slice(0, 200)),
    styleTags: document.querySelectorAll('style').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    remote: [...document.querySelectorAll('[src],[href]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href')).filter((u) => /^(https?:)?\/\//.test(u)),
  }));
  assert(found.styled.length === 0, `${where}: style attributes: ${found.styled.join(' | ')}`);
  assert(found.styleTags === 0, `${where}: <style> elements at run time`);
  assert(found.inlineScripts === 0, `${where}: inline <script>`);
  assert(found.remote.length === 0, `${where}: remote URLs ${found.remote.join(' ')}`);
}

async function screen(page, name, where) {
  await checkMarkup(page, where);
  await axe(page, where);
  await shot(page, name);
}

async function projectList(page, lang, T) {
  await page.getByRole('heading', { level: 1, name: T.projects }).waitFor();
  await eventually(async () => (await rows(page)) === 3, 'three projects listed');
  await screen(page, `${lang}-01-list`, 'project list');

  // Search folds half-width kana (NFKC) and matches title and agency.
  await page.fill('#search', 'ﾈｯﾄﾜｰｸ');
  await eventually(async () => (await rows(page)) === 2, 'half-width search finds both network projects');
  await shot(page, `${lang}-02-list-search`);
  await page.fill('#search', 'ネットワーク');
  await eventually(async () => (await rows(page)) === 2, 'full-width search');
  await page.fill('#search', '総務');
  await eventually(async () => (await rows(page)) === 1, 'agency search');
  await page.fill('#search', '');
  await page.selectOption('#sort', 'title');
  await page.selectOption('#sort', 'status');
  const firstStatus = await text(page, 'table.projects tbody tr:first-child .status');
  assert(/作成中|出力可|Draft|Ready/.test(firstStatus), `status sort starts with draft/ready, got ${firstStatus}`);
  await page.selectOption('#sort', 'updated');

  // Delete asks first, in a real modal: focus on Cancel, Tab stays inside, Escape cancels.
  const victim = '行政文書管理システム更改';
  const del = page.getByRole('button', { name: T.deleteNamed(victim) });
  await del.click();
  await page.locator('dialog[open]').waitFor();
  assert((await page.evaluate(() => document.activeElement?.textContent?.trim())) === T.cancel, 'Cancel has focus in the dialog');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  assert(await page.evaluate(() => !!document.activeElement?.closest('dialog')), 'Tab stays inside the dialog');
  await screen(page, `${lang}-03-delete-dialog`, 'delete dialog');
  await page.keyboard.press('Escape');
  await eventually(async () => (await page.locator('dialog[open]').count()) === 0, 'Escape closes the dialog');
  assert((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) === T.deleteNamed(victim), 'focus returns to the delete button');
  assert((await rows(page)) === 3, 'cancel keeps the project');
  await del.click();
  await page.locator('dialog[open]').getByRole('button', { name: T.confirmDelete, exact: true }).click();
  await eventually(async () => (await rows(page)) === 2, 'project deleted');

  await page.getByRole('button', { name: T.duplicateNamed('府省間ネットワーク運用監視業務') }).click();
  await eventually(async () => (await rows(page)) === 3, 'project duplicated');
  const copy = server.repliesOf('duplicate_project').at(-1).ok;
  assert(copy.project.title !== '府省間ネットワーク運用監視業務' && (await page.locator('table.projects tbody').innerText()).includes(copy.project.title), `copy listed as ${copy.project.title}`);
}

async function basics(page, lang, T) {
  await page.getByRole('button', { name: T.create, exact: true }).click();
  await page.locator('#f-title').waitFor();
  assert((await page.locator('[data-step="basics"]').getAttribute('aria-current')) === 'step', 'step 1 is current');
  assert((await activeId(page)) === 'step-heading', 'the step heading gets focus when the wizard opens');
  await page.fill('#f-title', T.title);
  await page.fill('#f-agency', 'デジタル庁');
  await page.fill('#f-bureau', '情報システム統括室');
  await page.selectOption('#f-method', 'negotiated_contract');
  // Dates as officers type them, whatever the browser's locale: 2027/4/1, 令和… , ISO.
  await page.fill('#f-contract_start', '2027/4/1');
  await page.fill('#f-contract_end', '令和9年3月1日');
  await page.locator('#f-contract_end-error').waitFor();
  assert((await page.getAttribute('#f-contract_end', 'aria-invalid')) === 'true', 'end before start is flagged');
  await page.fill('#f-contract_end', '４月１日');
  await eventually(async () => (await text(page, '#f-contract_end-error')).includes('令和9年4月1日'), 'a date without a year is refused with examples');
  await page.fill('#f-contract_end', '2028-03-31');
  await eventually(async () => (await page.locator('#f-contract_end-error').count()) === 0, 'period error clears');
  await eventually(async () => (await text(page, '#f-contract_start-hint')).includes(T.dateHint), 'the 西暦 beside the date');
  await page.locator('#f-officer').focus();
  await eventually(async () => (await page.inputValue('#f-contract_start')) === T.dateShown, 'the typed date is shown in one format once read');
  await saved(page, T);
  const last = (await mockCalls(page, 'save_project')).at(-1);
  assert(last.project.title === T.title && last.project.contract_end === '2028-03-31', 'autosave sent the typed values');

  // Undo: Ctrl+Z restores the state before the last edit and saves it.
  await page.fill('#f-officer', '検証 太郎');
  await saved(page, T);
  await page.keyboard.press('Control+z');
  await eventually(async () => (await page.inputValue('#f-officer')) === '', 'undo clears the officer again');
  await page.getByText(T.undone).waitFor();
  await saved(page, T);
  assert((await mockCalls(page, 'save_project')).at(-1).project.officer === '', 'the undo was saved');
  // Redo: Ctrl+Shift+Z brings the undone edit back and saves it.
  await page.keyboard.press('Control+Shift+Z');
  await eventually(async () => (await page.inputValue('#f-officer')) === '検証 太郎', 'redo restores the officer');
  await saved(page, T);
  assert((await mockCalls(page, 'save_project')).at(-1).project.officer === '検証 太郎', 'the redo was saved');
  if (lang === 'en') await page.check('input[name="doc-lang"][value="en"]');
  // Word faces for a PC without IPAex: 游明朝 in Japanese, ＭＳ 明朝 in English.
  await page.check(`[data-testid="word-font-${lang === 'ja' ? 'yu' : 'ms'}"]`);
  await saved(page, T);
  assert((await mockCalls(page, 'save_project')).at(-1).project.word_font === (lang === 'ja' ? 'yu' : 'ms'), 'the face choice was saved');
  await screen(page, `${lang}-04-basics`, 'step 1');
}

async function applicability(page, lang, T) {
  // Keyboard: focus the outline entry and press Enter.
  await page.focus('[data-step="applicability"]');
  await page.keyboard.press('Enter');
  await eventually(async () => (await page.locator('[data-step="applicability"]').getAttribute('aria-current')) === 'step', 'step 2 current');
  assert((await activeId(page)) === 'step-heading' && (await text(page, '#step-heading')) === T.stepAppl, 'step heading focused');
  const definition = await text(page, '[data-testid="definition"]');
  assert(definition === library.national_security.ja.text, 'the 国の安全 definition is shown verbatim');
  // The legal judgment starts unanswered: no radio is checked and Rust reports it as blocking.
  assert(!(await page.isChecked('#f-national_security')) && !(await page.isChecked('#f-national_security-no')), 'the national-security question starts unanswered');
  await page.locator('[data-testid="f-national_security-unanswered"]').waitFor();
  await eventually(
    () => server.repliesOf('evaluate').at(-1)?.ok?.issues.some((i) => i.field === 'national_security' && i.severity === 'blocking'),
    'Rust reports the unanswered judgment as blocking',
  );
  await page.check('#f-national_security');
  await page.fill('#f-national_security_reason', T.reason);
  await page.check('#f-outsourcing');
  await page.check('#f-subcontracting-no');
  await eventually(async () => (await text(page, '[data-testid="scope"]')).includes(T.scopeRequired), 'scope required');
  await eventually(async () => (await page.locator('.decision').innerText()).includes(T.reason), 'the reason appears in the decision trace');

  // Out of scope, then voluntary, then back.
  await page.check('#f-national_security-no');
  await page.check('#f-outsourcing-no');
  await eventually(async () => (await text(page, '[data-testid="scope"]')).includes(T.scopeOut), 'out of scope');
  await page.check('#f-voluntary');
  await eventually(async () => (await text(page, '[data-testid="scope"]')).includes(T.scopeVoluntary), 'voluntary use');
  await page.uncheck('#f-voluntary');
  await page.check('#f-national_security');
  await page.check('#f-outsourcing');
  await eventually(async () => (await text(page, '[data-testid="scope"]')).includes(T.scopeRequired), 'back in scope');
  await saved(page, T);
  await screen(page, `${lang}-05-applicability`, 'step 2');
}

async function clauses(page, lang, T) {
  await page.click('[data-step="clauses"]');
  const days = '#f-clauses-audit-params-audit_notice_days';
  await page.locator(days).waitFor();
  await shot(page, `${lang}-06a-clauses-top`);
  await page.locator('#clause-breach').scrollIntoViewIfNeeded();
  await page.locator('#f-clauses-breach').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await shot(page, `${lang}-06b-clause-breach`);
  await page.fill(days, '0');
  await page.locator(`${days}-error`).waitFor();
  assert((await page.getAttribute(days, 'aria-invalid')) === 'true', 'out-of-range days flagged');
  await page.fill(days, '14');
  await eventually(async () => (await page.locator(`${days}-error`).count()) === 0, 'days accepted');
  await page.selectOption('#f-clauses-breach-params-report_cadence', 'quarterly');

  await page.click('#f-clauses-breach-additions');
  await eventually(async () => (await activeId(page)) === 'f-clauses-breach-additions-0', 'new addition focused');
  await page.keyboard.type(T.addition);
  // A second one, removed again: focus goes back to the remaining addition.
  await page.click('#f-clauses-breach-additions');
  await eventually(async () => (await activeId(page)) === 'f-clauses-breach-additions-1', 'second addition focused');
  await page.keyboard.type('〔削除する追加要件〕');
  await page.click('#f-clauses-breach-additions-1-remove');
  await eventually(async () => (await page.locator('#f-clauses-breach-additions-1').count()) === 0, 'addition removed');
  assert((await activeId(page)) === 'f-clauses-breach-additions-0', 'focus moves to the remaining addition');

  await page.click('#f-clauses-csirt-include');
  await eventually(async () => !(await page.isChecked('#f-clauses-csirt-include')), 'optional clause excluded');
  await page.click('#f-clauses-csirt-include');

  await page.click('#f-clauses-breach-custom_body-start');
  const body = '#f-clauses-breach-custom_body';
  await eventually(async () => (await activeId(page)) === 'f-clauses-breach-custom_body', 'wording editor focused');
  const standard = await page.inputValue(body);
  assert(standard.includes(T.from), `standard text contains ${T.from}`);
  await page.fill(body, standard.replace(T.from, T.to));
  // The redline comes from the evaluation: deleted runs as <del>, inserted as <ins>.
  const runs = (tag) => page.locator(`[data-testid="redline-breach"] ${tag}`).evaluateAll((els) =>
      els
        .map((e) => {
          const c = e.cloneNode(true);
          c.querySelectorAll('.sr-only').forEach((x) => x.remove());
          return c.textContent;
        })
        .join(''));
  await eventually(async () => (await runs('del')).length > 0, 'redline shows the deletion');
  if (lang === 'ja') {
    assert((await runs('del')) === T.del && (await runs('ins')) === T.ins, `redline ${await runs('del')} / ${await runs('ins')}`);
  } else {
    assert((await runs('ins')).length > 0, 'redline shows the insertion');
  }
  await saved(page, T);
  const sent = (await mockCalls(page, 'save_project')).at(-1).project.clauses;
  assert(sent.breach.additions[0] === T.addition && sent.audit.params.audit_notice_days === '14', 'clause choices saved');
  await page.locator('[data-testid="redline-breach"]').scrollIntoViewIfNeeded();
  await screen(page, `${lang}-06-clauses`, 'step 3');
}

async function review(page, lang, T) {
  await page.click('[data-step="review"]');
  await page.locator('[data-testid="readiness"]').waitFor();
  // The unexplained deviation blocks; its link leads to the reason field of that clause.
  const link = page.locator('button[data-field="clauses.breach.deviation_reason"]');
  await link.waitFor();
  await screen(page, `${lang}-07-review-issues`, 'step 4');
  await link.click();
  await eventually(async () => (await activeId(page)) === 'f-clauses-breach-deviation_reason', 'lint link focuses the reason');
  assert((await page.locator('[data-step="clauses"]').getAttribute('aria-current')) === 'step', 'link switched to step 3');
  await page.keyboard.type(T.devReason);

  // An emptied agency leaves the clause parameters unfilled: the link goes to the parameter, the
  // edit link to the project's agency.
  await page.click('[data-step="basics"]');
  await page.fill('#f-agency', '');
  await page.click('[data-step="review"]');
  const param = page.locator('button[data-field="clauses.confidentiality.params.agency"]');
  await param.waitFor();
  await param.click();
  await eventually(async () => (await activeId(page)) === 'f-clauses-confidentiality-params-agency', 'lint link focuses the clause parameter');
  await page.click('[data-step="review"]');
  await page.getByRole('button', { name: T.editNamed(T.agencyLabel) }).click();
  await eventually(async () => (await activeId(page)) === 'f-agency', 'edit link focuses the agency');
  await page.keyboard.type('デジタル庁');
  await page.click('[data-step="review"]');
  await eventually(async () => (await text(page, '[data-testid="readiness"]')) === T.ready, 'nothing blocks a final document');
  await saved(page, T);
  await page.locator('details.history summary').click();
  await eventually(async () => (await page.locator('details.history tbody tr').count()) > 3, 'edit history listed');
  await page.locator('details.history summary').click();
  await screen(page, `${lang}-08-review-ready`, 'step 4 ready');
}

async function output(page, lang, T) {
  await page.click('[data-step="output"]');
  await page.locator('[data-testid="folder"]').waitFor();
  await page.locator('.btn', { hasText: lang === 'ja' ? 'フォルダを選択' : 'Choose folder' }).click();
  await eventually(async () => (await page.inputValue('[data-testid="folder"]')).includes('SecSpec出力'), 'folder chosen with the dialog');
  assert(mockCalls(page, 'plugin:dialog|open').at(-1).options.directory === true, 'the folder dialog was used');
  await page.locator('form.panel button[type="submit"]').click();
  await page.locator('progress').waitFor();
  await shot(page, `${lang}-09-generating`);
  const files = page.locator('[data-testid="files"] tbody tr');
  // Specification, annex and the separate 作成根拠 (basis), each as DOCX and PDF.
  await eventually(async () => (await files.count()) === 6, 'six files written');
  const sha = await files.first().locator('.sha').innerText();
  const made = server.repliesOf('generate').at(-1).ok;
  assert(made.length === 6 && made.some((f) => f.sha256 === sha), `SHA-256 of a file Rust wrote shown: ${sha}`);
  for (const f of made) assert(readFileSync(f.path).length === f.size_bytes, `${f.file_name} is on disk`);
  // The DOCX Rust wrote names the faces chosen in step 1.
  const face = lang === 'ja' ? '游明朝' : 'ＭＳ 明朝';
  for (const f of made.filter((m) => m.path.endsWith('.docx'))) {
    const styles = readEntry(readFileSync(f.path), 'word/styles.xml').toString('utf8');
    assert(styles.includes(`w:eastAsia="${face}"`) && !styles.includes('IPAex明朝'), `${f.file_name} names ${face}`);
  }
  await page.getByRole('button', { name: lang === 'ja' ? 'フォルダを開く' : 'Open folder' }).click();
  await eventually(async () => (await mockCalls(page, 'plugin:opener|reveal_item_in_dir')).length === 1, 'open folder reveals the file');
  await eventually(async () => (await page.locator('[data-testid="generations"] tbody tr').count()) === 6, 'generation history');
  await eventually(async () => (await text(page, '.toolbar .status')).includes(T.generated), 'status generated');
  const request = (await mockCalls(page, 'generate'))[0].request;
  assert(request.formats.join() === 'docx,pdf' && request.kinds.length === 3 && request.kinds.includes('basis') && request.draft === false, 'generate request');
  // The folder is remembered for this project: back on the step, it is filled in again.
  const chosen = await page.inputValue('[data-testid="folder"]');
  await page.click('[data-step="review"]');
  await page.click('[data-step="output"]');
  await eventually(async () => (await page.inputValue('[data-testid="folder"]')) === chosen, 'the output folder is remembered for the project');
  await screen(page, `${lang}-10-output`, 'step 5');
}

async function preview(page, lang, T) {
  const pane = page.locator('[data-testid="preview-page"]');
  await pane.locator('article.doc h1').waitFor();
  const specTitle = await pane.locator('h1').innerText();
  await page.selectOption('#preview-kind', 'contract_annex');
  await eventually(async () => (await pane.locator('h1').innerText()) !== specTitle, 'preview switches document');
  await page.getByRole('button', { name: T.previewHide }).click();
  await eventually(async () => (await pane.count()) === 0, 'preview hidden');
  await shot(page, `${lang}-11-no-preview`);
  await page.getByRole('button', { name: T.previewShow }).click();
  await pane.waitFor();
}

async function backToList(page, lang, T) {
  await page.getByRole('button', { name: T.back }).click();
  await page.getByRole('heading', { level: 1, name: T.projects }).waitFor();
  const row = page.locator('table.projects tbody tr', { hasText: T.title });
  await row.waitFor();
  assert((await row.innerText()).includes(T.generated), 'the new project is listed as generated');
  assert((await row.innerText()).includes('令和'), 'last edited in 和暦');
  await shot(page, `${lang}-12-list-after`);
}

async function walk(page, lang) {
  const T = TEXT[lang];
  if (lang === 'en') {
    await page.getByRole('heading', { level: 1, name: '案件一覧' }).waitFor();
    await page.click('.lang');
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    assert((await page.evaluate(() => document.documentElement.lang)) === 'en', 'html lang follows the choice after reload');
  }
  await projectList(page, lang, T);
  await basics(page, lang, T);
  await applicability(page, lang, T);
  await clauses(page, lang, T);
  await review(page, lang, T);
  await preview(page, lang, T);
  await output(page, lang, T);
  await backToList(page, lang, T);
}

// ---- The checklist step (project 1, the captured sample with a filled-in checklist) ----------

const CL = {
  ja: {
    step: 'チェックリスト',
    saved: '保存済み',
    answeredNo: '「いいえ」と回答されている',
    reason: '府省間ネットワークの境界装置も対象に含めて確認するため。',
    imported: '1 項目の回答を更新しました。',
    needReason: '理由を入力してください。',
    sheet: 'チェックリスト',
  },
  en: {
    step: 'Checklist',
    saved: 'Saved',
    answeredNo: 'answered no',
    reason: 'The boundary devices of the inter-ministry network are checked as well.',
    imported: 'Updated the answers of 1 item(s).',
    needReason: 'Give a reason.',
    sheet: 'チェックリスト',
  },
};

/** Core's display of an exact rate n/d in tenths of a percent (halves up, never a false 100.0). */
function tenths(n, d) {
  const v = (n * 2000n + d) / (2n * d);
  return Number(v >= 1000n && n < d ? 999n : v);
}
const pctText = (t) => `${Math.floor(t / 10)}.${t % 10}%`;
const gradeOf = (n, d) => (n >= d ? 'A' : n * 5n >= d * 4n ? 'B' : n * 5n >= d * 3n ? 'C' : 'D');

async function checklistWalk(page, lang) {
  const T = CL[lang];
  const list = library.checklist;
  const itemSel = (id) => `#cl-list li[data-item="${id}"]`;
  const statusOf = (id) => page.locator(itemSel(id)).getAttribute('data-status');
  const shownIds = () => page.locator('#cl-list li[data-item]').evaluateAll((els) => els.map((e) => ({ id: e.dataset.item, stage: e.dataset.stage, status: e.dataset.status })));
  const lastSaved = async () => (await mockCalls(page, 'save_project')).at(-1).project.checklist;
  if (lang === 'en') {
    await page.getByRole('heading', { level: 1, name: '案件一覧' }).waitFor();
    await page.click('.lang');
  }
  await page.locator('#open-1').click();
  await page.click('[data-step="checklist"]');
  await page.locator('#cl-list').waitFor();
  assert((await text(page, '#step-heading')) === T.step, 'checklist step heading');
  assert((await page.locator('[data-step="checklist"]').getAttribute('aria-current')) === 'step', 'checklist step current');
  assert((await page.locator('#cl-list li[data-item]').count()) === list.items.length, 'every item listed');
  assert(/^\d+\.\d%$/.test(await text(page, '[data-testid="overall-rate"]')), 'overall rate shown');

  // Profile: answer the open question, then rule out a question an item depends on alone.
  const open = list.questions.find((q) => sample.checklist.profile[q.id] === undefined);
  if (open) {
    await page.check(`#f-checklist-profile-${open.id}`);
    await eventually(async () => (await text(page, '[data-testid="profile-count"]')).includes(String(list.questions.length)), 'profile count');
  }
  const goner = list.items.find((i) => i.applies_when.length === 1 && i.applies_when_all.length === 0 && sample.checklist.profile[i.applies_when[0]] === true && !sample.checklist.overrides[i.id]);
  assert(goner, 'an item that depends on one answered-yes question');
  assert((await statusOf(goner.id)) !== 'excluded', 'the item is in at first');
  await page.locator(`#f-checklist-profile-${goner.applies_when[0]}-no`).scrollIntoViewIfNeeded();
  await shot(page, `${lang}-checklist-profile`);
  await page.check(`#f-checklist-profile-${goner.applies_when[0]}-no`);
  await eventually(async () => (await statusOf(goner.id)) === 'excluded', 'the item goes out after "no"');
  await eventually(async () => (await page.locator(`${itemSel(goner.id)} [data-testid="why-out"]`).innerText()).includes(T.answeredNo), 'the reason of the exclusion is shown');
  await saved(page, { saved: T.saved });
  const afterProfile = await lastSaved();
  assert(afterProfile.profile[goner.applies_when[0]] === false && (!open || afterProfile.profile[open.id] === true), 'profile answers saved');

  // Filters: by stage, then by status; the count follows.
  await page.selectOption('#cl-filter-stage', goner.stage);
  const inStage = list.items.filter((i) => i.stage === goner.stage).length;
  await eventually(async () => (await page.locator('#cl-list li[data-item]').count()) === inStage, 'stage filter');
  assert((await shownIds()).every((r) => r.stage === goner.stage), 'only that stage shown');
  assert((await text(page, '[data-testid="cl-shown"]')).includes(String(inStage)), 'count of shown items');
  await page.selectOption('#cl-filter-status', 'excluded');
  await eventually(async () => (await shownIds()).every((r) => r.status === 'excluded' && r.stage === goner.stage), 'status filter');
  assert((await shownIds()).some((r) => r.id === goner.id), 'the excluded item is listed under "ruled out"');
  await page.selectOption('#cl-filter-stage', '');
  await page.selectOption('#cl-filter-status', '');

  // Keyboard only: a whole measure category answered with 1-4 / Y P N X and J / K / arrows.
  const counts = new Map();
  for (const i of list.items) counts.set(i.category, (counts.get(i.category) ?? 0) + 1);
  const category = [...counts.entries()].filter(([, n]) => n >= 5).sort((a, b) => a[1] - b[1])[0][0];
  await page.selectOption('#cl-filter-category', category);
  await eventually(async () => (await shownIds()).every((r) => list.items.find((i) => i.id === r.id).category === category), 'category filter');
  const overallBefore = await text(page, '[data-testid="overall-rate"]');
  const rows = await shownIds();
  const included = rows.filter((r) => r.status !== 'excluded').map((r) => r.id);
  assert(included.length >= 4, `at least four items to answer in ${category}`);
  const keys = new Map([[included[0], '2'], [included[1], 'x'], [included[2], 'n']]);
  included.slice(3).forEach((id, n) => keys.set(id, n % 2 ? 'y' : '1'));
  await page.focus(`[data-item-button="${rows[0].id}"]`);
  for (let n = 0; n < rows.length; n++) {
    const key = keys.get(rows[n].id);
    assert((await page.evaluate(() => document.activeElement?.dataset.itemButton)) === rows[n].id, `focus on item ${n + 1}`);
    if (key) await page.keyboard.press(key);
    if (n < rows.length - 1) await page.keyboard.press(n % 2 ? 'ArrowDown' : 'j');
  }
  await page.keyboard.press('k');
  assert((await page.evaluate(() => document.activeElement?.dataset.itemButton)) === rows.at(-2).id, 'k goes back one item');
  const want = { 2: 'partial', x: 'not_applicable', n: 'not_implemented', 1: 'implemented', y: 'implemented' };
  for (const [id, key] of keys) await eventually(async () => (await statusOf(id)) === want[key], `${id} answered by key ${key}`);

  // 一部実施 3 of 4 with owner and due date, in the item's details (Enter opens them).
  const part = included[0];
  const pid = `f-checklist-answers-${part}`;
  await page.fill(`#${pid}-answer-of`, '4');
  await page.fill(`#${pid}-answer`, '3');
  await page.focus(`[data-item-button="${part}"]`);
  await page.keyboard.press('Enter');
  await page.locator(`#${pid}-owner`).waitFor();
  assert((await page.getAttribute(`[data-item-button="${part}"]`, 'aria-expanded')) === 'true', 'Enter opened the details');
  await page.fill(`#${pid}-owner`, '基盤担当 佐藤');
  await page.fill(`#${pid}-due`, '令和9年6月30日');

  // The category's rate: (k - 2 + 3/4 + 0) / k with k scored items (n/a left out of the denominator).
  const k = BigInt(included.length - 1);
  const [num, den] = [4n * k - 5n, 4n * k];
  const expected = `${pctText(tenths(num, den))}`;
  const row = page.locator(`[data-testid="rate-category-${category}"]`);
  await eventually(async () => (await row.innerText()).includes(expected) && (await row.locator('.g').innerText()).trim() === gradeOf(num, den), `category rate ${expected} grade ${gradeOf(num, den)}`);
  await eventually(async () => (await text(page, '[data-testid="overall-rate"]')) !== overallBefore, 'the overall rate changed');
  assert(/^[ABCD]$/.test((await text(page, '[data-testid="overall-grade"]')).slice(-1)), 'overall grade letter');
  await saved(page, { saved: T.saved });
  const answers = (await lastSaved()).answers;
  const a = answers[part];
  assert(a.answer.status === 'partial' && a.answer.done === 3 && a.answer.of === 4 && a.owner === '基盤担当 佐藤' && a.due === '2027-06-30', `partial saved: ${JSON.stringify(a)}`);
  assert(answers[included[1]].answer.status === 'not_applicable' && answers[included[2]].answer.status === 'not_implemented', 'keyboard answers saved');
  // What the page shows is what Rust computes for the stored project.
  const stored = await server.call('get_project', { id: 1 });
  const score = (await server.call('evaluate', { project: stored.project })).checklist.score;
  const shown = (r) => `${Math.floor(r.percent_tenths / 10)}.${r.percent_tenths % 10}%`;
  await eventually(async () => (await text(page, '[data-testid="overall-rate"]')) === shown(score.overall), `overall rate ${shown(score.overall)} as Rust computes it`);
  assert((await text(page, '[data-testid="overall-grade"]')).endsWith(score.overall.grade), `overall grade ${score.overall.grade} as Rust decides it`);
  const mine = score.categories.find((g) => g.id === category);
  assert(mine.rate.grade === gradeOf(num, den) && (await row.innerText()).includes(shown(mine.rate)), 'the category row matches Rust');

  // The explanation panel: guidance, why, the requirement sentence and the provenance.
  const item = list.items.find((i) => i.id === part);
  const details = page.locator(`#${pid}-details`);
  assert((await details.locator('[data-testid="guidance"]').innerText()) === item[`guidance_${lang}`], 'guidance shown');
  assert((await details.locator('[data-testid="requirement"]').innerText()).includes(item[`requirement_${lang}`]), 'requirement sentence shown');
  assert((await details.locator('.why li').count()) > 0, 'why it applies');
  assert((await details.innerText()).includes(list.sources[item.sources[0]][`title_${lang}`]), 'source shown');
  await page.locator(itemSel(included[1])).evaluate((e) => e.scrollIntoView({ block: 'end' }));
  await screen(page, `${lang}-checklist-items`, 'checklist items');

  // Override: put the ruled-out item back in, with the required reason.
  await page.selectOption('#cl-filter-category', '');
  const oid = `f-checklist-overrides-${goner.id}`;
  await page.click(`#${oid}`);
  await page.locator(`#${oid}-new`).waitFor();
  await page.locator(`${itemSel(goner.id)} .ask .btn-primary`).click();
  await page.getByText(T.needReason).first().waitFor();
  assert((await statusOf(goner.id)) === 'excluded', 'no override without a reason');
  await page.fill(`#${oid}-new`, T.reason);
  await page.locator(`${itemSel(goner.id)} .ask .btn-primary`).click();
  await eventually(async () => (await statusOf(goner.id)) !== 'excluded', 'the override puts the item back');
  await saved(page, { saved: T.saved });
  const o = (await lastSaved()).overrides[goner.id];
  assert(o && o.include === true && o.reason === T.reason, `override saved: ${JSON.stringify(o)}`);
  assert((await page.evaluate(() => document.activeElement?.dataset.itemButton)) === goner.id, 'focus back on the item after the override');

  // An override without its reason blocks; the review links straight to the reason.
  await page.keyboard.press('Enter');
  await page.fill(`#${oid}-reason`, '');
  await page.click('[data-step="review"]');
  const link = page.locator(`button[data-field="checklist.overrides.${goner.id}.reason"]`);
  await link.waitFor();
  await eventually(async () => (await page.locator('[data-step="checklist"] .count').count()) === 1, 'the outline counts the issue at the checklist step');
  await page.click('[data-step="checklist"]');
  await page.selectOption('#cl-filter-category', category);
  await page.click('[data-step="review"]');
  await link.click();
  await eventually(async () => (await activeId(page)) === `${oid}-reason`, 'the issue link focuses the override reason');
  assert((await page.inputValue('#cl-filter-category')) === '', 'filters cleared to show the item');
  await page.keyboard.type(T.reason);
  await saved(page, { saved: T.saved });
  assert((await lastSaved()).overrides[goner.id].reason === T.reason, 'reason typed again');

  // Excel: export (save dialog answers a real path), the officer edits the workbook (one answer
  // changed, one impossible count), then import (open dialog) with the refused cell listed.
  await page.locator('[data-testid="cl-export"]').scrollIntoViewIfNeeded();
  await page.click('[data-testid="cl-export"]');
  const exported = page.locator('[data-testid="cl-exported"]');
  await exported.waitFor();
  const workbook = server.repliesOf('checklist_export').at(-1).ok;
  assert((await exported.innerText()).includes('.xlsx') && (await exported.innerText()).includes(workbook.sha256), 'path and SHA-256 of the workbook shown');
  assert(mockCalls(page, 'checklist_export')[0].path === native.savePath && readFileSync(native.savePath).length === workbook.size_bytes, 'export to the chosen path');
  await server.call('edit_workbook', {
    path: native.savePath,
    out: native.openPath,
    edits: [
      { item: included[2], column: '状況', value: '実施' },
      { item: part, column: '実施数', value: 5 },
    ],
  });
  const revisionBefore = (await mockCalls(page, 'save_project')).length;
  await page.click('[data-testid="cl-import"]');
  const imported = page.locator('[data-testid="cl-imported"]');
  await imported.waitFor();
  const result = server.repliesOf('checklist_import').at(-1).ok;
  assert(result.changed.length === 1 && result.changed[0] === included[2], `Rust changed the edited answer: ${JSON.stringify(result.changed)}`);
  assert((await imported.innerText()).includes(T.imported), 'N items updated');
  const rejected = page.locator('[data-testid="cl-rejected"] tbody tr');
  assert((await rejected.count()) === 1 && result.rejected.length === 1 && result.rejected[0].item_id === part, 'one refused cell listed');
  assert((await rejected.first().locator('td').first().innerText()).trim() === `${T.sheet}!${result.rejected[0].cell}`, 'sheet!cell shown');
  await eventually(async () => (await statusOf(included[2])) === 'implemented', 'the imported answer is shown');
  const call = (await mockCalls(page, 'checklist_import'))[0];
  assert(typeof call.revision === 'number' && call.path === native.openPath, 'import sent the revision and the path');
  assert((await mockCalls(page, 'save_project')).length >= revisionBefore, 'saved before import');
  // The imported revision is taken over: the next edit saves without a conflict.
  if (!(await page.locator('details.profile').evaluate((d) => d.open))) await page.click('details.profile summary');
  await page.check(`#f-checklist-profile-${goner.applies_when[0]}`);
  await saved(page, { saved: T.saved });
  assert((await page.locator('[data-testid="session-notice"]').count()) === 0, 'no conflict after the import');
  await page.locator('[data-testid="cl-rejected"]').scrollIntoViewIfNeeded();
  await screen(page, `${lang}-checklist-excel`, 'checklist excel');
  await page.evaluate(() => document.getElementById('main')?.scrollTo({ top: 0 }));
  await screen(page, `${lang}-checklist`, 'checklist step');
}

// 仕様書点検: a PDF written by LibreOffice whose breach clause says 速やかに where the notice says
// 直ちに, checked by the Rust verifier; the verdicts, the redline and the report.
async function specCheck(page, lang) {
  const L = {
    ja: { list: '案件一覧', title: '仕様書点検', weakened: '弱化あり', verbatim: '原文どおり', written: '点検結果を保存しました' },
    en: { list: 'Projects', title: 'Specification check', weakened: 'Weakened', verbatim: 'Verbatim', written: 'Check report saved' },
  }[lang];
  await page.getByRole('heading', { level: 1, name: '案件一覧' }).waitFor();
  if (lang === 'en') {
    await page.click('.lang');
    await page.getByRole('heading', { level: 1, name: L.list }).waitFor();
  }
  const spec = join(REPO, 'tests/fixtures/verify/lo/weakened-immediately.pdf');
  await page.fill('#check-path', spec);
  await page.locator('[data-testid="check-spec"]').click();
  await page.getByRole('heading', { level: 1, name: L.title }).waitFor();
  assert((await page.locator('[data-testid="check-overall"]').getAttribute('data-passes')) === 'false', 'the weakened document does not pass');
  const breach = page.locator('li.clause[data-clause="breach"]');
  assert((await breach.getAttribute('data-weakened')) === 'true', 'breach clause weakened (computed by Rust)');
  assert((await breach.locator('[data-testid="verdict"]').innerText()).includes(L.weakened), 'the verdict says weakened');
  const redline = await breach.locator('li[data-kind="weakened"] .redline').first().innerText();
  assert(redline.includes('直ちに') && redline.includes('速やかに'), `the redline shows 直ちに → 速やかに: ${redline}`);
  assert((await page.locator('li.clause[data-clause="confidentiality"] [data-testid="verdict"]').innerText()).includes(L.verbatim), 'an untouched clause is verbatim');
  await axe(page, `${lang} specification check`);
  await shot(page, `${lang}-15-spec-check`);
  const report = join(server.dir, `check-${lang}.pdf`);
  await page.fill('#check-report-path', report);
  await page.locator('[data-testid="check-report-write"]').click();
  await page.locator('[data-testid="check-report-written"]').waitFor();
  assert((await text(page, '[data-testid="check-report-written"]')).includes(L.written), 'the report is announced');
  assert(existsSync(report) && readFileSync(report).subarray(0, 5).toString('latin1') === '%PDF-', 'the report PDF is on disk');
  // 「この仕様書から案件を作成」: the wizard opens on a new project with the change carried in.
  await page.locator('[data-testid="check-create"]').click();
  await page.locator('#f-agency').waitFor();
  assert((await page.inputValue('#f-agency')) === 'デジタル庁', 'the agency comes from the document');
  await page.click('[data-step="clauses"]');
  const deviation = page.locator('[data-testid="redline-breach"]');
  await deviation.waitFor();
  assert((await deviation.locator('del').innerText()).includes('直ち') && (await deviation.locator('ins').innerText()).includes('速やか'), 'the deviation shows 直ちに → 速やかに');
  await deviation.scrollIntoViewIfNeeded();
  await shot(page, `${lang}-16-project-from-check`);
}

// バックアップ: reached from the project list; a backup now, a project deleted afterwards, the
// backup restored after the confirmation dialog (Rust backs up the current database first).
async function backupsWalk(page, lang) {
  const L = {
    ja: { list: '案件一覧', title: 'バックアップ', cancel: 'キャンセル', restore: '復元', made: 'バックアップを作成しました', restored: 'から復元しました', manual: '手動バックアップ', before: '復元の前のデータベース' },
    en: { list: 'Projects', title: 'Backups', cancel: 'Cancel', restore: 'Restore', made: 'Backup made', restored: 'Restored the backup of', manual: 'Made on request', before: 'The database before a restore' },
  }[lang];
  await page.getByRole('heading', { level: 1, name: '案件一覧' }).waitFor();
  if (lang === 'en') {
    await page.click('.lang');
    await page.getByRole('heading', { level: 1, name: L.list }).waitFor();
  }
  const before = (await server.call('list_projects')).length;
  assert(before > 0, 'the seeded database has projects');
  await page.locator('[data-testid="open-backups"]').click();
  await page.getByRole('heading', { level: 1, name: L.title }).waitFor();
  assert((await text(page, '[data-testid="backups-folder"]')).endsWith('backups'), 'the folder next to the database is named');
  await page.locator('[data-testid="backup-now"]').click();
  await page.locator('[data-testid="backups-announce"]').waitFor();
  assert((await text(page, '[data-testid="backups-announce"]')).includes(L.made), 'the backup is announced');
  const rows = page.locator('[data-testid="backups-table"] tbody tr');
  await eventually(async () => (await rows.count()) === 1, 'one backup listed');
  const row = rows.first();
  assert((await row.getAttribute('data-reason')) === 'manual', 'made on request');
  assert((await row.innerText()).includes(L.manual), 'the reason in words');
  // Local time: the context runs in Asia/Tokyo, so the time shown is UTC + 9 hours.
  const at = await row.locator('time').getAttribute('datetime');
  const local = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(at));
  assert((await row.locator('time').innerText()) === local, `shown in local time: ${local}`);
  assert(/\d+ KiB/.test(await row.innerText()), 'the size is shown');
  await axe(page, `${lang} backups`);

  // A change after the backup: one project deleted (through the same service).
  const gone = (await server.call('list_projects'))[0];
  await server.call('delete_project', { id: gone.id });
  assert((await server.call('list_projects')).length === before - 1, 'deleted');

  // Restore asks first; cancelling changes nothing.
  await row.getByRole('button', { name: new RegExp(L.restore) }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await shot(page, `${lang}-17-backup-restore-confirm`);
  await dialog.getByRole('button', { name: L.cancel }).click();
  assert((await server.call('list_projects')).length === before - 1, 'cancel restores nothing');
  await row.getByRole('button', { name: new RegExp(L.restore) }).click();
  await dialog.getByRole('button', { name: L.restore, exact: true }).click();
  await eventually(async () => (await text(page, '[data-testid="backups-announce"]')).includes(L.restored), 'the restore is announced');
  assert((await server.call('list_projects')).length === before, 'the deleted project is back');
  await eventually(async () => (await rows.count()) === 2, 'the backup before the restore is listed');
  assert((await rows.first().getAttribute('data-reason')) === 'before-restore', 'newest: the database before the restore');
  assert((await rows.first().innerText()).includes(L.before), 'its reason in words');
  await axe(page, `${lang} backups after restore`);
  await shot(page, `${lang}-18-backups`);
  await page.getByRole('button', { name: new RegExp(lang === 'ja' ? '案件一覧に戻る' : 'Back to projects') }).click();
  await page.getByRole('heading', { level: 1, name: L.list }).waitFor();
  await page.getByRole('button', { name: lang === 'ja' ? `「${gone.title}」を開く` : `Open “${gone.title}”` }).waitFor();
}

// E2E_ONLY=<part of a test name> runs only the matching tests (while working on one screen).
const only = process.env.E2E_ONLY ?? '';
await run([
  { name: 'whole wizard in Japanese', fn: withServer(({ page }) => walk(page, 'ja')) },
  { name: 'whole wizard in English', fn: withServer(({ page }) => walk(page, 'en')) },
  { name: 'contractor round trip in Japanese', fn: withServer(({ page }) => contractorWalk(page, 'ja', screen, server)) },
  { name: 'contractor round trip in English', fn: withServer(({ page }) => contractorWalk(page, 'en', screen, server)) },
  { name: 'specification check in Japanese', fn: withServer(({ page }) => specCheck(page, 'ja')) },
  { name: 'specification check in English', fn: withServer(({ page }) => specCheck(page, 'en')) },
  { name: 'backups in Japanese', fn: withServer(({ page }) => backupsWalk(page, 'ja')) },
  { name: 'backups in English', fn: withServer(({ page }) => backupsWalk(page, 'en')) },
  { name: 'checklist step in Japanese', fn: withServer(({ page }) => checklistWalk(page, 'ja')) },
  { name: 'checklist step in English', fn: withServer(({ page }) => checklistWalk(page, 'en')) },
  {
    name: 'keyboard only: skip link, visible focus, create and open by keyboard',
    fn: withServer(async ({ page }) => {
      await page.getByRole('heading', { level: 1, name: '案件一覧' }).waitFor();
      await page.keyboard.press('Tab');
      assert(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'skip link first');
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert(ring !== 'none', `focus ring visible (outline ${ring})`);
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === '＋ 新規作成') break;
      }
      await page.keyboard.press('Enter');
      await page.locator('#f-title').waitFor();
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => document.activeElement?.id);
      assert(next === 'f-title', `Tab from the step heading goes to the title input, got ${next}`);
      await page.keyboard.type('キーボード操作の案件');
      await eventually(async () => (await text(page, '.save-status')).includes('保存済み'), 'saved');
      await shot(page, 'ja-13-keyboard-focus');
    }),
  },
  {
    name: 'a save conflict reloads and keeps the typing one undo away',
    fn: withServer(async ({ page }) => {
      await page.locator('#open-1').click();
      await page.locator('#f-title').waitFor();
      // Another window saves the project first.
      const stored = await server.call('get_project', { id: 1 });
      await server.call('save_project', { id: 1, revision: stored.revision, project: { ...stored.project, officer: '別の窓 次郎' } });
      await page.fill('#f-title', '私の入力');
      await page.locator('[data-testid="session-notice"]').waitFor();
      assert((await page.inputValue('#f-title')) === '府省間ネットワーク運用監視業務', 'saved version shown');
      await shot(page, 'ja-14-conflict');
      await page.getByRole('button', { name: '元に戻す' }).click();
      await eventually(async () => (await page.inputValue('#f-title')) === '私の入力', 'undo brings the typing back');
      await eventually(async () => (await text(page, '.save-status')).includes('保存済み'), 'saved after undo');
      const now = await server.call('get_project', { id: 1 });
      assert(now.project.title === '私の入力' && now.revision > stored.revision + 1, 'the typing is saved after the other window’s revision');
    }),
  },
  {
    name: 'a refused value is shown at its field and kept',
    fn: withServer(async ({ page }) => {
      await page.locator('#open-1').click();
      await page.click('[data-step="clauses"]');
      const contact = '#f-clauses-breach-params-incident_contact';
      await page.locator(contact).waitFor();
      await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        el.value = 'デジタル庁\u0007';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, contact);
      await page.locator(`${contact}-error`).waitFor();
      await eventually(async () => (await text(page, '.save-status')).includes('保存できません'), 'save refused');
      assert((await page.inputValue(contact)) === 'デジタル庁\u0007', 'typing kept');
      await page.fill(contact, 'デジタル庁');
      await eventually(async () => (await text(page, '.save-status')).includes('保存済み'), 'saved after the fix');
      assert(server.repliesOf('save_project').some((r) => r.err?.field === 'clauses.breach.params.incident_contact'), 'Rust refused the value at its field');
    }),
  },
].filter((t) => t.name.includes(only)));
