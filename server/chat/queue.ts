/**
 * Bounds concurrent generations: a local model on CPU answers one question at a time (the default), and
 * questions beyond that wait their turn. A waiting question whose client goes away leaves the queue.
 * The waiting line is the same mechanism as the search bounds (work-gate.ts), worded for questions.
 */
import { createWorkGate } from './work-gate.ts';

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
  const gate = createWorkGate({
    concurrency,
    maxWaiting,
    what: 'questions',
    messages: {
      busy: (_running, waiting) => `${waiting} questions are already waiting for the model. Try again in a moment.`,
      cancelledBeforeStart: 'The question was cancelled before it started.',
      cancelledWhileWaiting: 'The question was cancelled while waiting for the model.',
    },
  });
  return {
    run: (signal, task) => gate.run(task, signal),
    stats: () => gate.stats(),
  };
}
