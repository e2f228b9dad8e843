// Starting the REAL desktop app for a test: tauri-driver (with Debian's WebKitWebDriver) on a
// port of its own, the app on its own database and home, and a stop() that ends both.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WebDriver } from './webdriver.mjs';

export const repo = resolve(import.meta.dirname, '../..');
export const app = process.env.SECSPEC_APP;
const driverBin = process.env.TAURI_DRIVER;
const shots = join(repo, 'build/screenshots');
let launches = 0;
const running = new Set();

export function need(cond, message) {
  if (!cond) throw new Error(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(fn, what, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`timed out: ${what}`);
}

/**
 * Starts tauri-driver and the app on the database `db` with `env` added to its environment;
 * screenshots are written as build/screenshots/desktop-<prefix>-<name>.png.
 */
export async function launch(work, db, { prefix, env = {} }) {
  need(app && existsSync(app), `SECSPEC_APP must name the built desktop binary (got ${app})`);
  need(driverBin && existsSync(driverBin), `TAURI_DRIVER must name tauri-driver (got ${driverBin})`);
  need(existsSync('/usr/bin/WebKitWebDriver'), 'WebKitWebDriver missing: apt-get install webkit2gtk-driver');
  need(process.env.DISPLAY, 'no DISPLAY: run under xvfb-run (make test does)');
  const port = 5500 + ((process.pid + launches++ * 7) % 1000);
  const args = ['--port', String(port), '--native-port', String(port + 1000), '--native-driver', '/usr/bin/WebKitWebDriver'];
  // A home of its own per launch: the web view's storage (the display language) starts fresh.
  const home = join(work, `home-${launches}`);
  mkdirSync(home, { recursive: true });
  const xdg = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  const driver = spawn(driverBin, args, {
    env: { ...process.env, ...xdg, ...env, SECSPEC_DB: db },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/status`)).ok, 'tauri-driver up', 15000);
  await wd.start(app);
  const session = {
    wd,
    async shot(name) {
      // Without a compositor WebKit paints on demand and the snapshot waits for a paint:
      // focusing the search box (always on the list) gives it one.
      await wd.execute('document.querySelector("#search")?.focus();').catch(() => {});
      mkdirSync(shots, { recursive: true });
      writeFileSync(join(shots, `desktop-${prefix}-${name}.png`), await wd.screenshot());
    },
    async stop() {
      running.delete(session);
      await wd.quit().catch(() => {});
      const exited = new Promise((r) => driver.once('exit', r));
      driver.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    },
  };
  running.add(session);
  return session;
}

/** Stops every app still running (for a test file's `after`). */
export async function stopAll() {
  for (const s of running) await s.stop();
}
