/**
 * File access for every command, with errors a user can act on: "no such file", "is a
 * directory", "permission denied", never a Node error code or a stack trace. Commands read
 * text with `readText` and large data files with `openFile` (a Blob read lazily).
 */
import { accessSync, constants, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError } from './command';

/** A Node file-system error as the end of "cannot read FILE: …". */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return code ? `${code}: ${message}` : message;
    }
  }
}

/**
 * Checks that `path` is a readable regular file before anything lazy opens it (openAsBlob on
 * a directory succeeds and fails only when read). Returns the absolute path.
 */
function readablePath(cwd: string, path: string): string {
  const absolute = resolve(cwd, path);
  const fail = (why: string) => inputError(`cannot read ${path}: ${why}.`);
  let directory: boolean;
  try {
    directory = statSync(absolute).isDirectory();
    accessSync(absolute, constants.R_OK);
  } catch (error) {
    throw fail(describeFileError(error));
  }
  if (directory) throw fail('is a directory');
  return absolute;
}

export function readText(cwd: string, path: string): string {
  const absolute = readablePath(cwd, path);
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw inputError(`cannot read ${path}: ${describeFileError(error)}.`);
  }
}

/** A data file as a Blob, read lazily, after the same checks as readText. */
export async function openFile(cwd: string, path: string): Promise<Blob> {
  const absolute = readablePath(cwd, path);
  try {
    return await openAsBlob(absolute);
  } catch (error) {
    throw inputError(`cannot read ${path}: ${describeFileError(error)}.`);
  }
}

export function writeText(cwd: string, path: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, path), text);
  } catch (error) {
    throw inputError(`cannot write ${path}: ${describeFileError(error)}.`);
  }
}

/** Whether text looks like a DBMTL Studio project file rather than a pipeline.config. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}
