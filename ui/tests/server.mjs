// The real Rust service for the UI's tests: crates/api/examples/ui_test_server.rs, one process per
// test on a fresh database in its own temporary folder, spoken to in JSON lines over stdin/stdout.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../..');

let built = null;

/**
 * Builds the test server (cargo decides whether anything changed; CARGO_TARGET_DIR is honoured)
 * and returns the path of the executable as cargo reports it.
 */
export function buildServer() {
  if (built) return built;
  // Already built by tests/with-server.mjs for this run.
  if (process.env.SECSPEC_UI_TEST_SERVER && existsSync(process.env.SECSPEC_UI_TEST_SERVER)) return (built = process.env.SECSPEC_UI_TEST_SERVER);
  const r = spawnSync('cargo', ['build', '--locked', '-p', 'secspec-api', '--example', 'ui_test_server', '--message-format=json-render-diagnostics'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`cargo build of the UI test server failed (${r.error?.message ?? `exit ${r.status}`})`);
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line);
    if (m.reason === 'compiler-artifact' && m.target?.name === 'ui_test_server' && m.executable) built = m.executable;
  }
  if (!built || !existsSync(built)) throw new Error('cargo built no ui_test_server executable');
  return built;
}

export class Server {
  /** @param {{ delayMs?: number }} [options] */
  constructor(options = {}) {
    const exe = buildServer();
    this.dir = mkdtempSync(join(tmpdir(), 'secspec-ui-'));
    this.calls = [];
    this.pending = new Map();
    this.next = 1;
    this.stderr = '';
    const args = ['--db', join(this.dir, 'secspec.db'), '--delay-ms', String(options.delayMs ?? 0)];
    // A home of its own: nothing the service might look up can reach the user's real data.
    const env = { ...process.env, HOME: this.dir, XDG_DATA_HOME: join(this.dir, 'data'), XDG_CONFIG_HOME: join(this.dir, 'config'), XDG_CACHE_HOME: join(this.dir, 'cache') };
    this.child = spawn(exe, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((ok) => this.child.on('exit', (code) => {
      for (const { fail } of this.pending.values()) fail(new Error(`test server exited (${code}): ${this.stderr}`));
      this.pending.clear();
      ok(code);
    }));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const reply = JSON.parse(line);
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      p.done(reply);
    });
  }

  /** Sends one command; resolves to `{ ok }` or `{ err }` (the ApiError as Rust serialized it). */
  send(cmd, args = {}) {
    const id = this.next++;
    const call = { cmd, args, reply: undefined };
    this.calls.push(call);
    return new Promise((done, fail) => {
      this.pending.set(id, { done: (reply) => done((call.reply = reply)), fail });
      this.child.stdin.write(JSON.stringify({ id, cmd, args }) + '\n');
    });
  }

  /** Like send, for the tests' own setup: the result, or a thrown error. */
  async call(cmd, args = {}) {
    const reply = await this.send(cmd, args);
    if ('err' in reply) throw new Error(`${cmd}: ${JSON.stringify(reply.err)}`);
    return reply.ok;
  }

  /** The arguments of every call of `cmd` the UI made, oldest first. */
  callsOf(cmd) {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  /** What the service answered to the calls of `cmd` (`{ ok }` or `{ err }`), oldest first. */
  repliesOf(cmd) {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.reply);
  }

  /** Resolves once no request has been in flight for `quietMs` (follow-up calls included). */
  async idle(quietMs = 50) {
    for (let quiet = 0; quiet < quietMs; quiet += 10) {
      await new Promise((r) => setTimeout(r, 10));
      if (this.pending.size > 0) quiet = -10;
    }
  }

  /** Records a call the page answered itself (a native dialog). */
  record(cmd, args) {
    this.calls.push({ cmd, args, reply: { ok: null } });
  }

  /** The example project plus two more made from it, so search and sort have work to do. */
  async seed() {
    const sample = await this.call('example_project', { name: 'procurement' });
    await this.call('create_project', { project: sample });
    await this.call('create_project', { project: { ...sample, title: 'ﾈｯﾄﾜｰｸ機器保守業務（半角ｶﾅ）', agency: '総務省', clauses: {} } });
    await this.call('create_project', { project: { ...sample, title: '行政文書管理システム更改', agency: 'こども家庭庁', national_security: false, outsourcing: true, clauses: {} } });
    this.calls = [];
    return sample;
  }

  async close() {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill(), 3000);
    await this.exited;
    clearTimeout(timer);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
