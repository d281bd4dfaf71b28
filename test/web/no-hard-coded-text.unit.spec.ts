import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every word the web app shows comes from its message catalogues (apps/web/src/i18n), so that the
 * language switch changes all of it. This reads every component and page and refuses text written
 * into them: JSX text with letters or Chinese characters, and string literals in the attributes a
 * reader or a screen reader sees.
 */
const WEB_SOURCE = join(__dirname, '..', '..', 'apps', 'web', 'src');
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-valuetext']);
/** A word: a Latin letter or a CJK character. Symbols (▲ ▾ · —) carry no language. */
const WORDS = /[A-Za-z\u3400-\u9fff]/;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsxFiles(join(dir, entry.name)) : entry.name.endsWith('.tsx') ? [join(dir, entry.name)] : [],
  );
}

function hardCodedTexts(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const value = ts.isStringLiteral(node.initializer)
        ? node.initializer
        : ts.isJsxExpression(node.initializer) && node.initializer.expression && ts.isStringLiteralLike(node.initializer.expression)
          ? node.initializer.expression
          : undefined;
      if (value && WORDS.test(value.text)) found.push(`${node.name.getText(source)}="${value.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((text) => `${relative(WEB_SOURCE, file)}: ${text}`);
}

describe('the web app’s words', () => {
  const files = tsxFiles(WEB_SOURCE);

  it('reads the components and pages, and finds text written into one (so that an empty pass means something)', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const probe = join(WEB_SOURCE, 'probe.tsx');
    expect(hardCodedTexts(probe, 'const x = <p title="Hello" aria-label={"名称"}>你好 {t("ok")} ▲</p>;')).toEqual([
      'probe.tsx: title="Hello"',
      'probe.tsx: aria-label="名称"',
      'probe.tsx: 你好',
    ]);
  });

  it('come from the message catalogues, never written into a component', () => {
    expect(files.flatMap((file) => hardCodedTexts(file))).toEqual([]);
  });
});
