import { fileNameOf, toCsv } from './table-data';

describe('a table as CSV', () => {
  it('starts with the BOM and keeps Chinese text and numbers as they are', () => {
    const csv = toCsv({ header: ['名称', '场次', '参加人次'], rows: [['彩绘课 Colour painting', 94, 1128]] });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('名称,场次,参加人次\r\n彩绘课 Colour painting,94,1128\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves empty cells empty', () => {
    const csv = toCsv({ header: ['a', 'b', 'c'], rows: [['x, y', 'say "hi"', null], ['line\nbreak', 0, '']] });
    expect(csv.slice(1)).toBe('a,b,c\r\n"x, y","say ""hi""",\r\n"line\nbreak",0,\r\n');
  });

  it('keeps a spreadsheet from running a text cell as a formula, but leaves negative numbers alone', () => {
    const csv = toCsv({ header: ['a', 'b'], rows: [['=HYPERLINK("x")', -3]] });
    expect(csv.slice(1)).toBe('a,b\r\n"\'=HYPERLINK(""x"")",-3\r\n');
  });
});

describe('an export file name', () => {
  it('keeps the title’s words and drops what file systems refuse', () => {
    expect(fileNameOf('朝外街道总工会 2024 课程', 'csv')).toBe('朝外街道总工会-2024-课程.csv');
    expect(fileNameOf('a/b:c?', 'xlsx')).toBe('a-b-c.xlsx');
    expect(fileNameOf('  ', 'csv')).toBe('table.csv');
  });
});
