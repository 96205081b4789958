/**
 * Bounded work: a search costs the server memory and CPU, so a client that sends thousands at once must not
 * queue them all (one socket sending 2,000 `search` events once took the server from 0.9 to 2.4 GB and
 * answered two). Two bounds, both answering `BUSY` at once instead of waiting:
 *
 * - a {@link WorkGate} for the whole server: at most `concurrency` searches run, `maxWaiting` wait;
 * - a {@link ClientBudget} per client (a socket, or a remote address over HTTP): at most `max` searches of
 *   that client in the gate (running or waiting).
 *
 * The server's figures live in {@link searchLimits}; the chat gateway, the edit-suite gateway and
 * GET /api/search share one gate (createApp makes it).
 */
import { DarkroomError } from '../../core/errors.ts';

/** Search bounds: measured flat under a 2,000-event flood (test/integration/server-search-flood.test.ts). */
export const searchLimits = {
  /** Searches running at once on the server (LanceDB uses its own threads for each). */
  concurrency: 2,
  /** Searches waiting for a slot on the server; past it, BUSY. */
  maxWaiting: 32,
  /** Searches one client (socket, or remote address over HTTP) may have running or waiting. */
  perClient: 4,
} as const;

export interface WorkGate {
  /**
   * Runs `task` when a slot is free.
   * @throws DarkroomError BUSY when `maxWaiting` tasks already wait; CANCELLED when `signal` aborts while waiting.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running now, and waiting. */
  stats(): { running: number; waiting: number };
}

/** What a gate says when it refuses or cancels; default wording names the work (`what`, e.g. "searches"). */
export interface WorkGateMessages {
  busy(running: number, waiting: number): string;
  cancelledBeforeStart: string;
  cancelledWhileWaiting: string;
}

/** A gate of `concurrency` slots and `maxWaiting` places in line; `what` names the work in messages ("searches"). */
export function createWorkGate(options: { concurrency: number; maxWaiting: number; what: string; messages?: Partial<WorkGateMessages> }): WorkGate {
  const messages: WorkGateMessages = {
    busy: (running, waiting) => `The server is busy: ${running} ${options.what} running and ${waiting} waiting. Try again in a moment.`,
    cancelledBeforeStart: 'The request was cancelled before it started.',
    cancelledWhileWaiting: 'The request was cancelled while waiting.',
    ...options.messages,
  };
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(task, signal) {
      if (signal?.aborted) throw new DarkroomError('CANCELLED', messages.cancelledBeforeStart);
      if (running >= options.concurrency) {
        if (waiting.length >= options.maxWaiting) {
          throw new DarkroomError('BUSY', messages.busy(running, waiting.length));
        }
        await new Promise<void>((resolve, reject) => {
          const start = () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          };
          const onAbort = () => {
            const i = waiting.indexOf(start);
            if (i >= 0) waiting.splice(i, 1);
            reject(new DarkroomError('CANCELLED', messages.cancelledWhileWaiting));
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          waiting.push(start);
        });
      }
      running += 1;
      try {
        return await task();
      } finally {
        running -= 1;
        waiting.shift()?.();
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
  };
}

export interface ClientBudget {
  /**
   * Takes one place for `client`; call the returned function when its work is done.
   * @throws DarkroomError BUSY when the client already holds `max` places.
   */
  take(client: string): () => void;
}

/** Per-client counts of work in flight, at most `max` each; `what` names the work and `who` the client in messages. */
export function createClientBudget(options: { max: number; what: string; who: string }): ClientBudget {
  const held = new Map<string, number>();
  return {
    take(client) {
      const n = held.get(client) ?? 0;
      if (n >= options.max) {
        throw new DarkroomError('BUSY', `This ${options.who} already has ${n} ${options.what} running or waiting (at most ${options.max}). Wait for their results before sending more.`);
      }
      held.set(client, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (held.get(client) ?? 1) - 1;
        if (left <= 0) held.delete(client);
        else held.set(client, left);
      };
    },
  };
}

/** Runs `task` within the client's budget and the server's gate. */
export async function runBounded<T>(gate: WorkGate, budget: ClientBudget, client: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const release = budget.take(client);
  try {
    return await gate.run(task, signal);
  } finally {
    release();
  }
}
