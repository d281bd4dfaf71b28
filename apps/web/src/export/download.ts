import { fileNameOf, TableData, toCsv } from './table-data';

/** Hands a file to the browser as a download: nothing leaves the device. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL may go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(table: TableData, title: string): void {
  download(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), fileNameOf(title, 'csv'));
}

/** The XLSX writer is loaded on first use only: most visits never export. */
export async function downloadXlsx(table: TableData, title: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const sheet = [table.header.map((value) => ({ value, fontWeight: 'bold' as const })), ...table.rows.map((row) => [...row])];
  const blob = await writeXlsxFile(sheet, { sheet: sheetName(title) }).toBlob();
  download(blob, fileNameOf(title, 'xlsx'));
}

/** Excel refuses sheet names over 31 characters or holding any of : \ / ? * [ ]. */
function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Sheet1';
}
