/**
 * The config preview's data: the export of a project, computed once per project object
 * (the store replaces the object on every change, so identity is the version), and a light
 * per-line highlighter for protobuf text format.
 */
import { exportConfig, type ExportResult } from '../../core/easyrec';
import type { Project } from '../../core/project/types';

const cache = new WeakMap<Project, ExportResult>();

export function exportOf(project: Project): ExportResult {
  let result = cache.get(project);
  if (!result) {
    result = exportConfig(project);
    cache.set(project, result);
  }
  return result;
}

export type TokenKind = 'field' | 'string' | 'number' | 'enum' | 'comment' | 'punct' | 'space';
export interface Token {
  kind: TokenKind;
  text: string;
}

// One alternation per token kind, tried in order at each position of a line.
const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<comment>#.*)`,
    String.raw`(?<string>"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)`,
    String.raw`(?<field>[A-Za-z_]\w*(?=\s*[:{<]))`,
    String.raw`(?<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?(?![\w.]))`,
    String.raw`(?<enum>-?[A-Za-z_]\w*)`,
    String.raw`(?<punct>[\s\S])`,
  ].join('|'),
  'y',
);

/** Splits one line of text format into highlighted pieces; joined they give the line back. */
export function highlightLine(line: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < line.length) {
    const match = TOKEN.exec(line);
    if (!match?.groups) break;
    const [kind, text] = Object.entries(match.groups).find(([, v]) => v !== undefined) as [
      TokenKind,
      string,
    ];
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind && kind === 'punct') last.text += text;
    else tokens.push({ kind, text });
  }
  return tokens;
}
