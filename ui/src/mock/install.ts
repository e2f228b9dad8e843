// Imported first by mock-main.ts: the route must be in place before the app's first IPC call.
// Every command goes to the real Rust service through window.__secspecInvoke (bound by the test
// harness); a rejection carries the ApiError exactly as Tauri delivers it. Only the native
// dialogs and the opener are answered here.
import { routeIpcTo } from '../lib/backend/mock-ipc';
import { nativeAnswer, type NativeAnswers } from './native';

type Reply = { ok: unknown } | { err: unknown };

interface TestWindow {
  __secspecInvoke?: (cmd: string, args: Record<string, unknown>) => Promise<Reply>;
  __secspecNative?: NativeAnswers;
}

const w = window as unknown as TestWindow;

routeIpcTo(async (cmd, args) => {
  const invoke = w.__secspecInvoke;
  if (!invoke) throw 'no test service bound (window.__secspecInvoke) / no test service bound (window.__secspecInvoke)';
  if (cmd.startsWith('plugin:')) {
    // Reported too, so the harness can check which dialogs were used.
    await invoke(cmd, args);
    const native = nativeAnswer(cmd, args, w.__secspecNative ?? { folder: null, savePath: null, openPath: null, packagePath: null });
    if (!native) throw `unsupported plugin command ${cmd} / unsupported plugin command ${cmd}`;
    return native.value;
  }
  const reply = await invoke(cmd, args);
  if ('err' in reply) throw reply.err;
  return reply.ok;
});
