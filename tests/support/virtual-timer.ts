import type { Timer } from "../../provider/watch";

/** A watcher's timer on a virtual clock: `drive` runs the timers in order until `done` holds. */
export function virtualTimer() {
  let time = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timer: Timer = {
    now: () => time,
    after: (ms, fn) => {
      const id = ++seq;
      pending.set(id, { at: time + Math.max(ms, 0), fn });
      return () => pending.delete(id);
    },
  };
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const drive = async (done: () => boolean) => {
    for (let steps = 0; steps < 10_000; steps++) {
      await flush();
      if (done()) return;
      const [id, next] = [...pending.entries()].reduce((a, b) => (b[1].at < a[1].at ? b : a));
      pending.delete(id);
      time = Math.max(time, next.at);
      next.fn();
    }
    throw new Error("the watcher never finished");
  };
  return { timer, drive, now: () => time };
}
