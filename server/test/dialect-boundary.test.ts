import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** The dialect-neutral core: these folders never import a dialect's folder (api/<dialect>/); the proxy learns its hosts from the served dialect's description. */
const CORE = ['exchange', 'scenario', 'verdict', 'faults', 'control', 'clock', 'proxy'];

/** The dialects' folders under api/ (api/dialect.ts and api/dialects.ts are the seam the core may use). */
const DIALECT_FOLDERS = ['kraken', 'binance'];

/** Core files allowed to reach into a dialect, each with its reason (none today). */
const ALLOWED = new Map<string, string>();

/**
 * A read of Kraken's names for a pair or asset: a `.kraken.id|altname|wsname` field, a call of the
 * Kraken table's lookups, or one of its ids that no other dialect spells alike written as a literal.
 */
const KRAKEN_NAME_USE = /\.kraken\.(?:id|altname|wsname)\b|\bkraken(?:Pair|Asset)Of\(|\bpairByKrakenName\b|\bassetByKrakenName\b|['"](?:XXBTZUSD|XBTUSD|XXBT|ZUSD|ZEUR|XXDG)['"]/;

/** Every .ts file under `dir`, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    return d.isDirectory() ? tsFiles(path) : d.name.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

/** The core's imports that resolve into a dialect's folder, as `file -> target`. */
function dialectImports(files: string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(SRC, resolve(dirname(file), spec)).split('\\').join('/');
      if (DIALECT_FOLDERS.some((d) => target.startsWith(`api/${d}/`))) out.push(`${relative(SRC, file).split('\\').join('/')} -> ${target}`);
    }
  }
  return out;
}

describe('the core never learns a dialect\'s names', () => {
  it(`no file under ${CORE.join(', ')} imports from api/${DIALECT_FOLDERS.join(', api/')}/ (but the allowed ones, with a reason)`, () => {
    const files = CORE.flatMap((d) => tsFiles(join(SRC, d)));
    expect(files.length).toBeGreaterThan(50);
    const found = dialectImports(files).filter((line) => !ALLOWED.has(line.split(' -> ')[0]!));
    expect(found).toEqual([]);
  });

  it('no dialect reaches into another\'s folder: what they share is in api/ (edge-http.ts)', () => {
    for (const dialect of DIALECT_FOLDERS) {
      const others = DIALECT_FOLDERS.filter((d) => d !== dialect);
      const found = tsFiles(join(SRC, 'api', dialect)).flatMap((file) => importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(SRC, resolve(dirname(file), spec)).split('\\').join('/'))
        .filter((target) => others.some((d) => target.startsWith(`api/${d}/`)))
        .map((target) => `${relative(SRC, file)} -> ${target}`));
      expect(found).toEqual([]);
    }
  });

  it('no source file outside api/kraken/ reads Kraken\'s names of a pair or asset (its table is api/kraken/names.ts)', () => {
    const kraken = join(SRC, 'api', 'kraken');
    // Unit tests may quote Kraken's wire (a journal entry's reply); the rule is about the code that makes it.
    const found = tsFiles(SRC).filter((file) => !file.startsWith(kraken + sep) && !file.endsWith('.test.ts'))
      .filter((file) => KRAKEN_NAME_USE.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file).split('\\').join('/'));
    expect(found).toEqual([]);
  });

  it('sees a read of Kraken\'s names written either way', () => {
    for (const text of ['m.spec.kraken.id', 'asset.kraken.altname', 'krakenPairOf(spec).wsname', "'XXBTZUSD'", '"ZUSD"']) expect(text).toMatch(KRAKEN_NAME_USE);
    for (const text of ['api.kraken.com', 'run.kraken.v2', "'BTC/USD'", 'USD']) expect(text).not.toMatch(KRAKEN_NAME_USE);
  });

  it('sees every kind of import it looks for (static, type-only, re-export, dynamic)', () => {
    const text = "import { a } from './x.js';\nimport type { B } from \"../y.js\";\nexport { c } from './z.js';\nconst d = await import('./w.js');\nimport './side.js';\n";
    expect(importsOf(text)).toEqual(['./x.js', '../y.js', './z.js', './w.js', './side.js']);
    expect(dialectImports([join(SRC, 'scenario/validate.ts')])).toEqual([]);
  });
});
