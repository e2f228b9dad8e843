// The busy flag and the kept error of a screen's backend action.
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/lib/backend';
import { Task } from '../../src/lib/task.svelte';

const refusal: ApiError = { code: 'failure', message: { ja: '書けません', en: 'Cannot write' }, field: null, issues: [] };

describe('Task', () => {
  it('is busy while the work runs and clears the last error', async () => {
    const task = new Task();
    task.error = refusal;
    let seenBusy = false;
    await task.run(async () => {
      seenBusy = task.busy;
    });
    expect(seenBusy).toBe(true);
    expect(task.busy).toBe(false);
    expect(task.error).toBeNull();
  });

  it('keeps what the work throws and is no longer busy', async () => {
    const task = new Task();
    await task.run(async () => {
      throw refusal;
    });
    expect(task.error).toEqual(refusal);
    expect(task.busy).toBe(false);
  });

  it('does not start the work twice at once', async () => {
    const task = new Task();
    let runs = 0;
    let release = () => {};
    const first = task.run(() => {
      runs += 1;
      return new Promise<void>((r) => (release = r));
    });
    await task.run(async () => {
      runs += 1;
    });
    release();
    await first;
    expect(runs).toBe(1);
  });

  it('runs side work without the busy flag and keeps its error', async () => {
    const task = new Task();
    await task.quietly(async () => {
      expect(task.busy).toBe(false);
      throw refusal;
    });
    expect(task.error).toEqual(refusal);
  });
});
