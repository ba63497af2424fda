/** The shared file helpers: one message per kind of failure, for every command. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from './command';
import { describeFileError, openFile, readText } from './io';

const work = mkdtempSync(join(tmpdir(), 'dbmtl-io-'));
writeFileSync(join(work, 'ok.txt'), 'hello');
writeFileSync(join(work, 'locked.txt'), 'secret');
chmodSync(join(work, 'locked.txt'), 0o000);
// root reads any file, so "permission denied" can only be seen as another user.
const isRoot = process.getuid?.() === 0;

const errno = (code: string) => Object.assign(new Error(`${code}: raw`), { code });

describe('describeFileError', () => {
  it.each([
    ['ENOENT', 'no such file'],
    ['EISDIR', 'is a directory'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['ENOTDIR', 'a part of the path is not a directory'],
    ['EIO', 'EIO: EIO: raw'],
  ])('%s → %s', (code, words) => {
    expect(describeFileError(errno(code))).toBe(words);
  });
});

describe('readText and openFile', () => {
  const failure = async (read: () => unknown): Promise<string> => {
    try {
      await read();
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      return (error as CliError).message;
    }
    return 'no error';
  };

  it.each([
    ['a missing file', 'missing.txt', 'cannot read missing.txt: no such file.'],
    ['a directory', '.', 'cannot read .: is a directory.'],
    [
      'a path through a file',
      'ok.txt/x',
      'cannot read ok.txt/x: a part of the path is not a directory.',
    ],
  ])('%s: the same message from both', async (_name, path, message) => {
    expect(await failure(() => readText(work, path))).toBe(message);
    expect(await failure(() => openFile(work, path))).toBe(message);
  });

  it.skipIf(isRoot)('an unreadable file: permission denied', async () => {
    expect(await failure(() => readText(work, 'locked.txt'))).toBe(
      'cannot read locked.txt: permission denied.',
    );
    expect(await failure(() => openFile(work, 'locked.txt'))).toBe(
      'cannot read locked.txt: permission denied.',
    );
  });

  it('a readable file is read', async () => {
    expect(readText(work, 'ok.txt')).toBe('hello');
    expect(await (await openFile(work, 'ok.txt')).text()).toBe('hello');
  });
});
