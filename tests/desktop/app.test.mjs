// End-to-end test of the REAL desktop app (release or debug binary) under Xvfb, driven through
// tauri-driver and Debian's WebKitWebDriver: create a project, fill the wizard, generate, then
// check the files on disk with pdftotext; then the review round trip: export the project's review
// package, open it in contractor mode, answer a clause and save a response (typed paths: the test
// cannot drive native dialogs). Run by `make test` (inside xvfb-run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebDriver } from './webdriver.mjs';

const repo = resolve(import.meta.dirname, '../..');
const app = process.env.SECSPEC_APP;
const driverBin = process.env.TAURI_DRIVER;
const shots = join(repo, 'build/screenshots');
const port = 4444 + (process.pid % 1000);
const work = mkdtempSync(join(tmpdir(), 'secspec-desktop-'));
const outDir = join(work, '出力');
let driver;
let wd;

function need(cond, message) {
  if (!cond) throw new Error(message);
}

async function shot(name) {
  mkdirSync(shots, { recursive: true });
  writeFileSync(join(shots, `desktop-${name}.png`), await wd.screenshot());
}

async function waitUntil(fn, what, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out: ${what}`);
}

async function fill(css, text) {
  const el = await wd.waitFor(css);
  await wd.clear(el);
  await wd.type(el, text);
}

// WebKitWebDriver's Send Keys drops characters outside the BMP (𠮷 arrives as nothing), so text
// with them is committed the way an input method does: the value set, then an input event.
async function commit(css, text) {
  await wd.waitFor(css);
  await wd.execute(
    `const el = document.querySelector(arguments[0]); el.focus(); el.value = arguments[1];
     el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: arguments[1] }));`,
    [css, text],
  );
}

async function valueOf(css) {
  return wd.execute('return document.querySelector(arguments[0]).value;', [css]);
}

before(async () => {
  need(app && existsSync(app), `SECSPEC_APP must name the built desktop binary (got ${app})`);
  need(driverBin && existsSync(driverBin), `TAURI_DRIVER must name tauri-driver (make tauri-driver installs it; got ${driverBin})`);
  need(existsSync('/usr/bin/WebKitWebDriver'), 'WebKitWebDriver missing: apt-get install webkit2gtk-driver');
  need(process.env.DISPLAY, 'no DISPLAY: run under xvfb-run (make test does)');
  driver = spawn(driverBin, ['--port', String(port), '--native-driver', '/usr/bin/WebKitWebDriver'], {
    env: { ...process.env, SECSPEC_DB: join(work, 'secspec.db') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  wd = new WebDriver(`http://127.0.0.1:${port}`);
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/status`)).ok, 'tauri-driver up', 15000);
  await wd.start(app);
});

after(async () => {
  if (wd) await wd.quit();
  // SIGTERM (not SIGKILL) lets tauri-driver stop WebKitWebDriver too.
  if (driver) driver.kill('SIGTERM');
});

test('create a project in the real window, fill the wizard, generate, check the files', async () => {
  const t0 = Date.now();
  await wd.waitFor('main.list');
  console.log(`project list interactive ${Date.now() - t0} ms after the session started`);
  // Without a compositor WebKit paints on demand; WebKitWebDriver's snapshot waits for a paint,
  // so interact once (focus the search box) before the first screenshot.
  await wd.click(await wd.waitFor('#search'));
  await shot('1-list');

  await wd.click(await wd.waitFor('main.list .btn-primary'));
  await fill('#f-title', '庁内ネットワーク更改に伴う運用支援業務');
  await fill('#f-agency', 'こども家庭庁');
  await commit('#f-officer', '𠮷田 一郎');
  await shot('2-basics');

  await wd.click(await wd.waitFor('[data-step="applicability"]'));
  // The legal judgment starts unanswered and is said to be so; the officer answers it.
  await wd.waitFor('[data-testid="f-national_security-unanswered"]');
  await shot('3a-applicability-unanswered');
  await wd.click(await wd.waitFor('#f-national_security'));
  await fill('#f-national_security_reason', '庁内ネットワークの構成情報を受注者が取り扱うため。');
  await waitUntil(async () => (await wd.text(await wd.find('.decision'))).includes('庁内ネットワークの構成情報'), 'decision shows the reason');
  await shot('3-applicability');
  // The text people proofread is drawn with the documents' fonts, served unhinted by the shell
  // (secspec-font:); 𠮷 in the officer's name brings in IPAmj明朝.
  const loadedFonts = async () =>
    wd.execute("return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/[\"']/g, ''));");
  await waitUntil(async () => {
    const loaded = await loadedFonts();
    return loaded.includes('SecSpec Mincho') && loaded.includes('SecSpec MJ');
  }, 'SecSpec Mincho and SecSpec MJ loaded from secspec-font:', 60000);
  assert.ok(await wd.execute("return document.fonts.check(\"16px 'SecSpec MJ'\", '𠮷');"), '𠮷 has a font');
  await wd.click(await wd.waitFor('[data-step="basics"]'));
  await wd.waitFor('#f-officer');
  await shot('2b-basics-fonts-loaded');

  await wd.click(await wd.waitFor('[data-step="clauses"]'));
  await fill('#f-clauses-audit-params-audit_notice_days', '10');
  await shot('4-clauses');

  await wd.click(await wd.waitFor('[data-step="review"]'));
  await wd.waitFor('[data-testid="readiness"]');
  await shot('5-review');

  await wd.click(await wd.waitFor('[data-step="output"]'));
  await fill('#output-folder', outDir);
  const pressed = Date.now();
  await wd.click(await wd.waitFor('form.panel button[type="submit"]'));
  await waitUntil(async () => existsSync(outDir) && readdirSync(outDir).filter((f) => f.endsWith('.pdf')).length === 3, 'three PDFs on disk (specification, annex, 作成根拠)');
  console.log(`generate pressed -> files on disk: ${Date.now() - pressed} ms`);
  await waitUntil(async () => (await wd.findAll('table tbody tr')).length >= 4, 'written files listed with SHA-256');
  await shot('6-output');

  const files = readdirSync(outDir).sort();
  assert.deepEqual(files.filter((f) => f.endsWith('.docx')).length, 3, `DOCX written: ${files}`);
  // Files are named from the 件名: <件名>_<document>_R<revision>.<ext>.
  const spec = files.find((f) => /^庁内ネットワーク更改に伴う運用支援業務_調達仕様書_R\d+\.pdf$/.test(f));
  assert.ok(spec, `specification PDF written: ${files}`);
  const text = execFileSync('pdftotext', ['-layout', join(outDir, spec), '-']).toString().replace(/\s+/g, '');
  const official = readFileSync(join(repo, 'tests/fixtures/official/confidentiality.txt'), 'utf8')
    .replace(/〔各府省庁名を記載〕/g, 'こども家庭庁')
    .replace(/\s+/g, '');
  assert.ok(text.includes(official), 'the confidentiality clause prints verbatim with the agency filled in');
  assert.ok(text.includes('その実施日の10日前までに受注者に通知する'), 'the audit notice parameter is printed');
  assert.ok(text.includes('庁内ネットワーク更改に伴う運用支援業務'), 'the title is printed');

  // The character outside the BMP survived the form, the autosave and the step changes.
  await wd.click(await wd.waitFor('[data-step="basics"]'));
  assert.equal(await valueOf('#f-officer'), '𠮷田 一郎');
  await wd.click(await wd.waitFor('[data-step="output"]'));
  await wd.waitFor('#package-path');
});

test('export a review package, open it as the contractor, answer and save a response', async () => {
  // Still in the output step of the project created above.
  const review = join(work, '審査パッケージ.secspec');
  await fill('#package-path', review);
  await wd.click(await wd.waitFor('[data-testid="package-export"]'));
  await waitUntil(async () => existsSync(review), 'review package on disk');
  const exported = await wd.text(await wd.waitFor('[data-testid="package-exported"]'));
  assert.match(exported, /SECSPEC-\d{5}-REVIEW-R\d+/, 'package id shown');
  const digest = await wd.text(await wd.waitFor('[data-testid="package-digest"]'));
  assert.match(digest, /^[0-9a-f]{64}$/, 'digest shown');
  await shot('7-package-exported');

  // Contractor mode: open the package by its typed path from the project list.
  await wd.click(await wd.waitFor('.app-header .nav-item'));
  await wd.waitFor('main.list');
  await fill('#review-path', review);
  await wd.click(await wd.waitFor('[data-testid="open-review"]'));
  await wd.waitFor('#review-title');
  assert.equal(await wd.text(await wd.find('[data-testid="digest"]')), digest, 'the contractor sees the digest the officer got');
  await waitUntil(async () => (await wd.findAll('[data-testid="clause-list"] li')).length >= 5, 'clause list shown');

  await wd.click(await wd.waitFor('[data-testid="clause-list"] [data-clause="confidentiality"]'));
  await wd.waitFor('article[data-clause="confidentiality"]');
  const official = readFileSync(join(repo, 'tests/fixtures/official/confidentiality.txt'), 'utf8')
    .replace(/〔各府省庁名を記載〕/g, 'こども家庭庁')
    .replace(/\s+/g, '');
  const printed = (await wd.text(await wd.find('[data-testid="printed"]'))).replace(/\s+/g, '');
  assert.ok(printed.includes(official), `the confidentiality clause is shown as printed: ${printed}`);

  await wd.click(await wd.waitFor('article[data-clause="confidentiality"] input[data-kind="acknowledge"]'));
  await waitUntil(
    async () => (await wd.find('[data-testid="clause-list"] [data-clause="confidentiality"] .answer[data-status="acknowledge"]')) !== undefined,
    'the clause shows as acknowledged',
  );
  await shot('8-contractor');

  const response = join(work, '審査パッケージ-response.secspec');
  await wd.click(await wd.waitFor('[data-section="save"]'));
  await fill('#response-path', response);
  await wd.click(await wd.waitFor('[data-testid="save-response"]'));
  await wd.waitFor('[data-testid="response-written"]');
  await waitUntil(async () => existsSync(response), 'response package on disk');
  const bytes = readFileSync(response);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the response is a ZIP package');
  assert.ok(bytes.includes(Buffer.from('application/vnd.secspec.response+zip')), 'with the response mimetype');
  assert.match(await wd.text(await wd.find('[data-testid="response-digest"]')), /^[0-9a-f]{64}$/, 'response digest shown');
  await shot('9-response-saved');
});

test('check a specification from elsewhere against the official text (仕様書点検)', async () => {
  await wd.click(await wd.waitFor('.app-header .nav-item'));
  await wd.waitFor('main.list');
  // Dropped on the window, as from a file manager: the drop event Tauri sends the page.
  const drop = (path) =>
    wd.execute(
      `return window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'tauri://drag-drop', payload: { paths: [arguments[0]], position: { x: 200, y: 200 } } });`,
      [path],
    );
  await wd.waitFor('#check-path');
  await drop(join(repo, 'Cargo.toml'));
  await wd.waitFor('[data-testid="drop-refused"]');
  await drop(join(repo, 'tests/fixtures/verify/lo/weakened-immediately.pdf'));
  await wd.waitFor('#check-title');
  const breach = await wd.waitFor('li.clause[data-clause="breach"] [data-testid="verdict"]');
  assert.equal(await wd.text(breach), '弱化あり', 'the weakened breach clause is flagged');
  await shot('10-spec-check');
  await wd.click(await wd.waitFor('.app-header .lang'));
  await waitUntil(async () => (await wd.text(await wd.find('li.clause[data-clause="breach"] [data-testid="verdict"]'))) === 'Weakened', 'English labels');
  await shot('10-spec-check-en');
  await wd.click(await wd.waitFor('.app-header .lang'));
  // The officer starts a project from it: the wizard shows the change against the official text.
  await wd.click(await wd.waitFor('[data-testid="check-create"]'));
  await wd.waitFor('#f-agency');
  assert.equal(await valueOf('#f-agency'), 'デジタル庁', 'the agency comes from the document');
  await wd.click(await wd.waitFor('[data-step="clauses"]'));
  const deviation = await wd.waitFor('[data-testid="redline-breach"]');
  await wd.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" });', ['[data-testid="redline-breach"]']);
  assert.ok((await wd.text(deviation)).includes('速やか'), 'the carried change is shown');
  await shot('11-project-from-check');
});
