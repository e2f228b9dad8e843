// Browser-test builds only (src/mock-main.ts): routes every IPC call to a handler in the test page.
// Kept in the backend folder because it is the one other place that touches @tauri-apps.
// The real app never imports this file, so it is not in the production bundle.
import { mockIPC } from '@tauri-apps/api/mocks';

export function routeIpcTo(handler: (cmd: string, args: Record<string, unknown>) => unknown): void {
  mockIPC((cmd, args) => handler(cmd, (args ?? {}) as Record<string, unknown>));
}
