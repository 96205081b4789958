/**
 * Runs a people, tokens or audit command against the state store alone (no archive, no model is opened):
 * `fn` gets the store, and failures become a message and an exit code. The actor of what it changes is the
 * local operator (`local`): whoever can run the CLI on the server can read the archive's files anyway.
 */
import type { Command } from 'commander';
import { configFrom, fail } from '../../core/cli-runtime.ts';
import type { StateStore } from '../../core/store/state/open-state.ts';

/** The audit trail's name for whoever runs the CLI. */
export const CLI_ACTOR = 'local';

export async function withStateStore(command: Command, fn: (state: StateStore) => Promise<number | void> | number | void): Promise<void> {
  let state: StateStore | null = null;
  try {
    const config = await configFrom(command);
    const { openStateStore } = await import('../../core/store/state/open-state.ts');
    state = openStateStore(config.home);
    process.exitCode = (await fn(state)) ?? 0;
  } catch (err) {
    fail(err);
  } finally {
    state?.close();
  }
}

/**
 * Reads a password: from standard input when it is not a terminal or `--password-stdin` is given (one line;
 * for scripts and provisioning), else typed twice at the terminal without echo.
 */
export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Again: ');
  if (first !== second) {
    const { DarkroomError } = await import('../../core/errors.ts');
    throw new DarkroomError('INPUT_INVALID', 'The two passwords differ. Run the command again.');
  }
  return first;
}

async function promptHidden(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asking = true;
  muted._writeToOutput = (s: string) => {
    if (asking) muted.output.write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    asking = false;
  });
}
