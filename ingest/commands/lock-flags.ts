/** The `--wait` flag of the writing commands (ingest, reembed, remove) and what they print about the writer lock. */
import { describeHolder, type WriterLockOptions } from '../../core/store/writer-lock.ts';

/** The flag's help text, shared by every writing command. */
export const WAIT_FLAG_HELP = 'if another writer (ingest, reembed, remove) holds the archive, wait for it instead of failing';

/** Writer-lock options from `--wait`: waiting and take-overs are said on stderr. */
export function lockOptionsFrom(opts: { wait?: boolean }): Omit<WriterLockOptions, 'purpose'> {
  return {
    wait: opts.wait ?? false,
    onWait: (holder) => process.stderr.write(`darkroom: waiting for another writer to finish: ${describeHolder(holder)}\n`),
    onTakeOver: (holder) => process.stderr.write(`darkroom: took over the writer lock left by a writer that is gone: ${describeHolder(holder)}\n`),
  };
}
