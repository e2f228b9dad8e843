// Crash safety of the desktop app's autosave: the REAL app (through tauri-driver under Xvfb)
// is SIGKILLed at a random moment while the officer types into a field, over and over on one
// database. After every kill the database is checked as the next start would find it:
//
//   1. PRAGMA integrity_check is ok;
//   2. the stored project is one complete version the screen showed (the field holds one of the
//      texts it had while typing, every other field is as before) and its revision is the last
//      one the edit history records;
//   3. nothing acknowledged is lost: a text the toolbar showed as 保存済み is stored, or a later one.
//
//   KILLS=n node tests/crash/desktop.mjs   (SECSPEC_APP, TAURI_DRIVER; run inside xvfb-run)
//
// Prints the counts; exit 1 when a check failed (details printed), 2 when it could not run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, launch, sleep, stopAll } from '../desktop/launch.mjs';

const KILLS = Number(process.env.KILLS ?? 50);
let seed = Number(process.env.SEED ?? Date.now() % 1000000);
console.log(`desktop crash: ${KILLS} kills, SEED=${seed}`);
// A small deterministic generator, so a SEED repeats the same texts and delays.
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const work = mkdtempSync(join(tmpdir(), 'secspec-crash-desktop-'));
const db = join(work, 'secspec.db');

function sql(query) {
  // -readonly: the check must not change what the next start finds.
  return execFileSync('sqlite3', ['-readonly', db, query]).toString().replace(/\n$/, '');
}

function appPids() {
  try {
    return execFileSync('pgrep', ['-f', '-x', app]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

const STATE = `const f = document.querySelector('#f-bureau'); const s = document.querySelector('.save-status');
  return f && s ? [f.value, s.className] : null;`;

const failures = [];
let kills = 0;
let acknowledged = 0;
let midSave = 0;
let stored = '';
let others = null;

try {
  for (let round = 1; kills < KILLS; round++) {
    const s = await launch(work, db, { prefix: 'crash' });
    const { wd } = s;
    await wd.waitFor('main.list');
    if (round === 1) {
      await wd.click(await wd.waitFor('main.list .btn-primary'));
    } else {
      await wd.click(await wd.waitFor('#open-1'));
    }
    const field = await wd.waitFor('#f-bureau');
    if (others === null) {
      await sleep(1500);
      others = sql("SELECT json_remove(data, '$.bureau') FROM projects WHERE id = 1;");
    }
    // The texts the field shows in this round: after clearing, then key by key.
    const text = `第${round}回 情報システム部 運用課`;
    const versions = new Set([stored, '']);
    [...text].forEach((_, i) => versions.add([...text].slice(0, i + 1).join('')));
    let ack = null;
    const watch = setInterval(async () => {
      const state = await wd.execute(STATE).catch(() => null);
      if (state && state[1].includes('state-saved')) ack = state[0];
    }, 40);
    // The kill lands somewhere from the first key to a little after the last autosave.
    const keyDelays = [...text].map(() => 30 + Math.floor(random() * 220));
    const typing = keyDelays.reduce((a, b) => a + b, 0);
    const killAt = Math.floor(random() * (typing + 1500));
    const started = Date.now();
    const typer = (async () => {
      // Select all and delete, as a person would (WebDriver's Element Clear fires no input
      // event, so the app would not see the field emptied until it loses focus).
      await wd.type(field, '\uE009a\uE000\uE003');
      for (const [i, ch] of [...text].entries()) {
        await wd.type(field, ch);
        await sleep(keyDelays[i]);
      }
    })().catch(() => {});
    while (Date.now() - started < killAt) await sleep(5);
    const before = await wd.execute(STATE).catch(() => null);
    if (before && before[1].includes('state-saving')) midSave++;
    const pids = appPids();
    if (pids.length === 0) throw new Error('the desktop app process was not found');
    execFileSync('kill', ['-9', ...pids]);
    clearInterval(watch);
    kills++;
    await typer;
    await s.stop();

    const problems = [];
    const integrity = sql('PRAGMA integrity_check;');
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const now = sql("SELECT json_extract(data, '$.bureau') FROM projects WHERE id = 1;");
    if (!versions.has(now)) problems.push(`stored ${JSON.stringify(now)} is no version the screen showed`);
    const rest = sql("SELECT json_remove(data, '$.bureau') FROM projects WHERE id = 1;");
    if (rest !== others) problems.push(`other fields changed: ${rest}`);
    const [revision, lastLogged] = sql('SELECT revision, (SELECT max(revision) FROM history WHERE project_id = 1) FROM projects WHERE id = 1;').split('|');
    if (revision !== lastLogged) problems.push(`revision ${revision} but the history ends at ${lastLogged}`);
    if (ack !== null && ack !== stored) {
      acknowledged++;
      // Acknowledged in this round: that text or a later one of the same typing is stored.
      if (!(now.startsWith(ack) && text.startsWith(now))) problems.push(`保存済み showed ${JSON.stringify(ack)} but ${JSON.stringify(now)} is stored`);
    }
    if (problems.length > 0) failures.push(`round ${round} (kill at ${killAt} ms of ${typing} ms typing): ${problems.join('; ')}`);
    stored = now;
    if (kills % 10 === 0) console.log(`  ${kills} kills, ${acknowledged} with an acknowledged save, ${midSave} during 保存中…, ${failures.length} failed`);
  }
} catch (e) {
  console.error(`desktop crash: could not run: ${e.message}`);
  await stopAll();
  process.exit(2);
}
await stopAll();
console.log(`desktop crash: ${kills} kills; ${acknowledged} rounds with an acknowledged save; ${midSave} killed during 保存中…; ${failures.length} failed checks`);
for (const f of failures) console.log(`  FAIL ${f}`);
process.exit(failures.length > 0 ? 1 : 0);
