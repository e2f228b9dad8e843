/**
 * A trailing-edge timer that can also be run at once (flush) or dropped (cancel). With
 * `maxWait`, a burst of schedules still runs at most `maxWait` ms after the first of them, so
 * continuous typing is saved while it goes on, not only once it pauses.
 */
export function debounce(fn: () => void, ms: number, maxWait = Number.POSITIVE_INFINITY) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstAt: number | null = null;
  const run = () => {
    timer = null;
    firstAt = null;
    fn();
  };
  return {
    schedule() {
      const now = Date.now();
      firstAt ??= now;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, Math.max(0, Math.min(ms, firstAt + maxWait - now)));
    },
    flush() {
      if (timer) {
        clearTimeout(timer);
        run();
      }
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      firstAt = null;
    },
    get pending() {
      return timer !== null;
    },
  };
}
