/**
 * The `dbmtl` command line: a thin shell over the same core the app uses. Dispatches to the
 * commands of commands/index.ts; prints help; turns errors into exit statuses (0 success,
 * 1 invalid input, 2 wrong usage) without stack traces for expected failures.
 */
import { readFileSync } from 'node:fs';
import { CliError, type Command, type CommandContext } from './command';
import { COMMANDS } from './commands';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: dbmtl <command> [options]

DBMTL Studio on the command line: EasyRec pipeline.config export, import and checks.

Commands:
${lines.join('\n')}

Run "dbmtl <command> --help" for a command's options, "dbmtl --version" for the version.
`;
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

/** The version of the installed package, from its package.json. */
export function version(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
}

export async function main(argv: string[], io: Omit<CommandContext, 'argv'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name)) {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(`dbmtl ${version()}\n`);
    return 0;
  }
  if (name === 'help') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    io.out(target ? `${target.help}\n` : overview());
    return target || rest[0] === undefined ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(
      `dbmtl: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See "dbmtl --help".\n`,
    );
    return 2;
  }
  if (rest.some(isHelp)) {
    io.out(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run({ ...io, argv: rest });
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`dbmtl ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Runs the command line on this process's arguments and streams; sets the exit status. */
export async function runFromProcess(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
