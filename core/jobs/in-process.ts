/**
 * The in-process job runner: runs each job in this process, when its result is asked for, one at a time and in
 * the order submitted. With it, `darkroom ingest` does exactly what it did before jobs existed.
 */
import { DarkroomError, toDarkroomError } from '../errors.ts';
import type { JobHandlers, JobOutcome, JobRunner, JobRunnerOptions, JobSpec } from './types.ts';

/** A runner that runs `handlers` here, lazily and in order (window 1). */
export function createInProcessJobs(handlers: JobHandlers, options: JobRunnerOptions = {}): JobRunner {
  const pending: JobSpec[] = [];
  return {
    kind: 'in-process',
    window: 1,
    submit(spec) {
      pending.push(spec);
      return Promise.resolve();
    },
    async next(): Promise<JobOutcome> {
      const spec = pending.shift();
      if (!spec) throw new DarkroomError('INTERNAL', 'No job is waiting: next() was called more often than submit().');
      const { key, stage, label } = spec;
      const handler = handlers[stage];
      try {
        if (!handler) throw new DarkroomError('INTERNAL', `No handler for the ${stage} stage in this process.`);
        const result = await handler(spec.data, {
          signal: options.signal,
          progress: (fraction, note) => options.onProgress?.({ key, label, stage }, fraction, note),
        });
        return { key, stage, label, ok: true, result };
      } catch (err) {
        return { key, stage, label, ok: false, error: toDarkroomError(err, 'EXTRACT_FAILED'), attempts: 1 };
      }
    },
    release() {
      return Promise.resolve();
    },
    close() {
      pending.length = 0;
      return Promise.resolve();
    },
  };
}
