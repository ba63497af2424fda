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
  /** Milliseconds for time notes (default performance.now; tests pass a fake clock). */
  now?: () => number;
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

/** node:util parseArgs, with its errors rewritten in our words as usage errors. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${usageProblem(error)}; see dbmtl ${command} --help`);
  }
}

/** What parseArgs objected to, as one short clause. */
function usageProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'([^']+)'/.exec(message ?? '')?.[1] ?? '';
  // "-o, --output <value>" names the option in both spellings; the long one is enough.
  const name =
    option
      .split(/,\s*/)
      .pop()
      ?.replace(/\s*<value>$/, '') ?? option;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${name}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take/.test(message ?? '')
      ? `option ${name} takes no value`
      : `option ${name} needs a value`;
  }
  return (message ?? String(error)).replace(/\.$/, '');
}
