/** File access for commands, with errors a user can act on. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError } from './command';

export function readText(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : String(code ?? error);
    throw inputError(`cannot read ${path}: ${why}.`);
  }
}

export function writeText(cwd: string, path: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, path), text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(`cannot write ${path}: ${String(code ?? error)}.`);
  }
}

/** Whether text looks like a DBMTL Studio project file rather than a pipeline.config. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}
