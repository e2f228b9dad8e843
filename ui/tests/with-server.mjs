// Builds the UI test server (crates/api/examples/ui_test_server.rs) once, then runs the given
// command (e.g. vitest run) with its path in SECSPEC_UI_TEST_SERVER.
import { spawnSync } from 'node:child_process';
import { buildServer } from './server.mjs';

const [cmd, ...args] = process.argv.slice(2);
let exe;
try {
  exe = buildServer();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, SECSPEC_UI_TEST_SERVER: exe }, shell: false });
process.exit(r.status ?? 1);
