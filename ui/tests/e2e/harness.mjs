// A small test runner around playwright-core and Debian's Chromium: serves the test build with the
// app's CSP, starts the real Rust service (the UI test server, fresh database) for every test and
// binds it to the page, runs the tests in order, checks accessibility with axe-core, saves
// screenshots, and ends with "N passed, N failed" (exit code 1 on any failure). No browser is
// ever downloaded.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildServer, Server } from '../server.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const UI = resolve(here, '../..');
export const DIST = join(UI, 'dist-mock');
export const SHOTS = resolve(UI, '../build/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// The app's CSP from src-tauri/tauri.conf.json, with the IPC origins (bound to the test server here) left out.
// The secspec-font: fonts are served by the desktop shell, which Chromium does not have: their failed
// requests are expected here (the real app's WebDriver test checks that they load).
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' secspec-font:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

export function serve(root) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    res.end(readFileSync(path));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; fails on serious or critical violations. */
export async function axe(page, label) {
  // Evaluated through the DevTools protocol: a <script> tag would be refused by the app's CSP.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // @ts-ignore axe is global after the evaluation above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !bad.includes(v));
  if (minor.length) console.log(`    axe (${label}), not failing: ${minor.map((v) => `${v.id}/${v.impact} ${v.nodes.join(' | ')}`).join('; ')}`);
  if (bad.length) throw new Error(`axe ${label}: ${JSON.stringify(bad, null, 2)}`);
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export class Failure extends Error {}

export function assert(cond, message) {
  if (!cond) throw new Failure(message);
}

/** Polls until fn() is truthy (or throws the last error / a timeout failure). */
export async function eventually(fn, message, timeout = 5000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = null;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Failure(`${typeof message === 'function' ? message() : message}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What the native dialogs answer in a test: real paths in the test server's folder. */
export function nativeAnswers(server) {
  const out = join(server.dir, 'SecSpec出力');
  mkdirSync(out, { recursive: true });
  mkdirSync(join(server.dir, '受信'), { recursive: true });
  return {
    folder: out,
    savePath: join(server.dir, 'チェックリスト.xlsx'),
    openPath: join(server.dir, 'チェックリスト（記入済み）.xlsx'),
    packagePath: join(server.dir, '受信', '府省間ネットワーク運用監視業務.secspec'),
  };
}

/**
 * A fresh page on the app, its IPC bound to `server`, that records console errors, CSP
 * violations and failed requests.
 */
export async function openApp(browser, base, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  // Every command goes to the real service; the page answers plugin calls itself (src/mock/native.ts)
  // and reports them here only to be recorded.
  await context.exposeBinding('__secspecInvoke', (_source, cmd, args) => {
    if (String(cmd).startsWith('plugin:')) {
      server.record(cmd, args ?? {});
      return { ok: null };
    }
    return server.send(cmd, args ?? {});
  });
  const native = nativeAnswers(server);
  await context.addInitScript((n) => {
    // @ts-ignore read by src/mock/install.ts
    window.__secspecNative = n;
  }, native);
  const page = await context.newPage();
  const problems = [];
  const shellFont = (text) => /secspec-font:/.test(text);
  page.on('console', (m) => {
    if ((shellFont(m.text()) || shellFont(m.location()?.url ?? '')) && !/Content Security Policy/i.test(m.text())) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!shellFont(r.url())) problems.push(`request failed: ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !shellFont(r.url())) problems.push(`request outside the app: ${r.url()}`);
  });
  await page.goto(base + '/');
  return { context, page, problems, native };
}

/** Sets what the native dialogs answer from now on. */
export async function setNative(page, answers) {
  await page.evaluate((a) => Object.assign(window.__secspecNative, a), answers);
}

export async function run(tests) {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error(`missing ${DIST}: run "vite build --mode mock" first (npm run e2e does)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  try {
    buildServer();
  } catch (e) {
    console.error(`no UI test server: ${e.message}`);
    console.log(`0 passed, ${tests.length} failed`);
    process.exit(1);
  }
  const http = await serve(DIST);
  const base = `http://127.0.0.1:${http.address().port}`;
  let passed = 0;
  let failed = 0;
  let browser;
  try {
    browser = await launch();
  } catch (e) {
    console.error(`cannot start Chromium: ${e.message}`);
    http.close();
    console.log(`0 passed, ${tests.length} failed`);
    process.exit(1);
  }
  for (const { name, fn } of tests) {
    const started = Date.now();
    // A fresh service and database per test; generation waits a little so progress can be seen.
    const server = new Server({ delayMs: 300 });
    let app;
    try {
      await server.seed();
      app = await openApp(browser, base, server);
      await fn({ ...app, base, server });
      const csp = app.problems.filter((p) => /Content Security Policy|outside the app/.test(p));
      if (csp.length) throw new Failure(csp.join('\n'));
      if (app.problems.length) throw new Failure(`browser reported:\n${app.problems.join('\n')}`);
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      const where = String(e.stack ?? '').split('\n').filter((l) => l.includes('/tests/e2e/')).slice(0, 3);
      console.log(`FAIL ${name}\n     ${String(e.message ?? e).split('\n').join('\n     ')}\n     ${where.join('\n     ')}`);
      if (server.stderr) console.log(`     test server: ${server.stderr.trim().split('\n').join('\n     ')}`);
      try {
        if (app) await shot(app.page, `FAILED-${name.replace(/[^\w-]+/g, '_')}`);
      } catch {
        // the page may be gone
      }
    } finally {
      await app?.context.close();
      await server.close();
    }
  }
  await browser.close();
  http.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
