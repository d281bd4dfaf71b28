/**
 * A table as it is exported: the header in the reader's language, then the rows. Numbers stay
 * numbers (no thousands separators), so that a spreadsheet can add them up.
 */
export interface TableData {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
}

/** Excel opens a CSV file as UTF-8 only when it starts with a byte order mark; without it the Chinese text is garbled. */
const BYTE_ORDER_MARK = '\uFEFF';

/** RFC 4180 CSV with CRLF line ends, and the BOM Excel needs. */
export function toCsv({ header, rows }: TableData): string {
  return BYTE_ORDER_MARK + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would make a spreadsheet run the cell as a formula (CSV injection): quote it and prefix '.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A file name that every system accepts, from a title in any language. */
export function fileNameOf(title: string, extension: 'csv' | 'xlsx'): string {
  const base = title.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'table';
  return `${base}.${extension}`;
}
