/** Every `dbmtl` command. To add one: a file in this folder exporting a Command, and a line here. */
import type { Command } from '../command';
import { exportCommand } from './export';
import { importCommand } from './import';
import { inspectCommand } from './inspect';
import { predictCommand } from './predict';
import { trainCommand } from './train';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [
  exportCommand,
  importCommand,
  validateCommand,
  inspectCommand,
  trainCommand,
  predictCommand,
];
