/** Writing a table as CSV text (RFC 4180 quoting: cells with a comma, quote or newline). */
import type { Table } from './table';

function quote(cell: string, separator: string): string {
  if (cell.includes(separator) || cell.includes('"') || cell.includes('\n') || cell.includes('\r'))
    return `"${cell.replaceAll('"', '""')}"`;
  return cell;
}

export function tableToCsv(table: Table, separator = ','): string {
  const lines: string[] = [table.columns.map((c) => quote(c.name, separator)).join(separator)];
  for (let r = 0; r < table.numRows; r++) {
    lines.push(table.columns.map((c) => quote(c.dict[c.codes[r]!]!, separator)).join(separator));
  }
  return `${lines.join('\n')}\n`;
}
