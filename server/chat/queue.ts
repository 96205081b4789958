/**
 * Bounds concurrent generations: a local model on CPU answers one question at a time (the default), and
 * questions beyond that wait their turn. A waiting question whose client goes away leaves the queue.
 */
import { DarkroomError } from '../../core/errors.ts';

export interface GenerationQueue {
  /** Runs `task` when a slot is free; rejects with CANCELLED if `signal` aborts while waiting, BUSY if too many wait. */
  run<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T>;
  /** Generations running now, and waiting. */
  stats(): { running: number; waiting: number };
}

/**
 * Creates a queue that runs at most `concurrency` tasks at once and lets at most `maxWaiting` wait.
 * @param concurrency default 1 (one generation at a time on CPU).
 * @param maxWaiting default 32; past it a question is refused with BUSY instead of waiting minutes.
 */
export function createGenerationQueue(concurrency = 1, maxWaiting = 32): GenerationQueue {
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next) next();
  };

  return {
    async run<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
      if (signal?.aborted) throw new DarkroomError('CANCELLED', 'The question was cancelled before it started.');
      if (running >= concurrency) {
        if (waiting.length >= maxWaiting) {
          throw new DarkroomError('BUSY', `${waiting.length} questions are already waiting for the model. Try again in a moment.`);
        }
        await new Promise<void>((resolve, reject) => {
          const start = () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          };
          const onAbort = () => {
            const i = waiting.indexOf(start);
            if (i >= 0) waiting.splice(i, 1);
            reject(new DarkroomError('CANCELLED', 'The question was cancelled while waiting for the model.'));
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          waiting.push(start);
        });
      }
      running += 1;
      try {
        return await task();
      } finally {
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
  };
}
