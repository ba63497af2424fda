/**
 * What a `dbmtl` command is. A command file exports one `Command`; commands/index.ts lists
 * them, so adding `train` or `predict` is one new file and one line there.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandContext {
  /** The command's arguments, after the command name. */
  argv: string[];
  /** Where relative paths are resolved. */
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface Command {
  name: string;
  /** One line for `dbmtl --help`. */
  summary: string;
  /** Usage and options for `dbmtl <name> --help`. */
  help: string;
  /** Returns the exit status: 0 success, 1 invalid input (see CliError for 2). */
  run: (context: CommandContext) => Promise<number> | number;
}

/** A failure with its exit status: 2 for wrong usage, 1 for input the command refuses. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, 2);
export const inputError = (message: string) => new CliError(message, 1);

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with errors turned into usage errors that name the command. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw usageError(`${detail.replace(/\.$/, '')}. See "dbmtl ${command} --help".`);
  }
}
