import { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { downloadCsv, downloadXlsx } from '../export/download';
import { TableData } from '../export/table-data';

export interface Column<Row> {
  readonly key: string;
  readonly label: string;
  readonly value: (row: Row) => string | number | null;
  /** What the cell shows, when more than its value (a link, a formatted date). */
  readonly render?: (row: Row) => ComponentChildren;
  readonly numeric?: boolean;
}

type Sort = { readonly key: string; readonly direction: 'ascending' | 'descending' } | undefined;

/**
 * A table with sortable columns and CSV/XLSX export of exactly the rows shown, in the order shown.
 * Numbers are right-aligned and formatted in the reader's language on screen, raw in the exports.
 */
export function DataTable<Row>({ title, columns, rows, caption, id }: {
  title: string;
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  caption?: string;
  id?: string;
}) {
  const { texts } = useApp();
  const { t } = texts;
  const [sort, setSort] = useState<Sort>();
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  const table = (): TableData => ({ header: columns.map((c) => c.label), rows: sorted.map((row) => columns.map((c) => c.value(row))) });
  const toggle = (key: string) =>
    setSort((current) => ({ key, direction: current?.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' }));
  return (
    <div class="data-table" id={id}>
      <div class="table-tools">
        <span class="row-count">{t('table.rows', { count: texts.number(rows.length) })}</span>
        <button type="button" class="secondary" onClick={() => downloadCsv(table(), title)}>
          {t('table.exportCsv')}
        </button>
        <button type="button" class="secondary" onClick={() => void downloadXlsx(table(), title)}>
          {t('table.exportXlsx')}
        </button>
      </div>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={caption ?? title}>
        <table>
          <caption>{caption ?? title}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  scope="col"
                  class={column.numeric ? 'numeric' : undefined}
                  aria-sort={sort?.key === column.key ? sort.direction : undefined}
                >
                  <button type="button" class="sort" onClick={() => toggle(column.key)} aria-label={t('table.sortBy', { column: column.label })}>
                    {column.label}
                    <span aria-hidden="true">{sort?.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{t('table.empty')}</td>
              </tr>
            ) : (
              sorted.map((row) => (
                <tr>
                  {columns.map((column) => (
                    <td class={column.numeric ? 'numeric' : undefined} data-column={column.key}>
                      {column.render ? column.render(row) : display(column.value(row), texts.number)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function display(value: string | number | null, number: (n: number) => string): string {
  if (value === null) return '—';
  return typeof value === 'number' ? number(value) : value;
}

function sortRows<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>, sort: Sort): readonly Row[] {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!sort || !column) return rows;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(undefined, { numeric: true });
  return [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
  });
}
