/**
 * Flags of the bench scripts, parsed by commander like the CLI's: `--help` prints them, an unknown flag or a
 * bad number stops the script with a message (exit code 1) instead of running with defaults.
 */
import { Command, InvalidArgumentError } from 'commander';

/** A parser for a number flag: finite and > 0 (`min` 0 allows zero). */
export function positiveNumber(min = Number.MIN_VALUE): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`expected a number${min > 0 ? ' above 0' : ' of 0 or more'}, got "${value}".`);
    return n;
  };
}

/**
 * Parses `argv` (default: this process's) with the flags `define` adds to a command named `npm run <name> --`.
 * @returns the parsed options (commander's camelCase names).
 */
export function parseBenchFlags<T extends Record<string, unknown>>(name: string, description: string, define: (cmd: Command) => Command, argv = process.argv): T {
  const cmd = define(new Command(`npm run ${name} --`).description(description).allowExcessArguments(false));
  cmd.parse(argv);
  return cmd.opts<T>();
}
