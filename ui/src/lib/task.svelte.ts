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

/**
 * A task started from a typed or chosen file path (open a package, check a specification):
 * the path, whether it was left empty when submitted, and the task's state.
 */
export class PathTask extends Task {
  path = $state('');
  empty = $state(false);
  #act: (path: string) => Promise<void>;

  constructor(act: (path: string) => Promise<void>) {
    super();
    this.#act = act;
  }

  async submit(): Promise<void> {
    this.error = null;
    const path = this.path.trim();
    this.empty = !path;
    if (!this.empty) await this.run(() => this.#act(path));
  }
}
