// One backend action a screen runs at a time (export, import, generate, open…): whether it is
// running, for the disabled button and the "working" line, and what the backend last refused.
import type { ApiError } from './backend';

export class Task {
  busy = $state(false);
  error = $state<ApiError | null>(null);

  /** Runs `work` with `busy` set, unless already running; what it throws is kept in `error`. */
  async run(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.busy = true;
    try {
      await work();
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.busy = false;
    }
  }

  /** Runs `work` on the side (a reload, a dialog): not busy, the error kept if it throws. */
  async quietly(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.error = e as ApiError;
    }
  }
}
