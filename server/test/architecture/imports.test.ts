// The rules of docs/architecture.md, executable: the import graph of
// server/src, client/src and client/webview has no cycle (type-only imports
// count: a cycle of types is still a cycle a reader has to untangle); no
// folder imports what the code map forbids it (the language core nothing from
// an editor or a front end; ide/ nothing from LSP; the client nothing of the
// server's but its protocol and the core's pure helpers); every custom LSP
// method is a RequestType of protocol.ts; and the extension's bundle does not
// evaluate vscode-languageclient before activate().
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as ts from 'typescript';
import { repoRoot } from '../helpers/repo';

const ROOT = repoRoot;
const SCANNED = ['server/src', 'client/src', 'client/webview'];

/** One import: the importing file and what it names (a repository path for a relative import, else the package). */
interface Edge {
  from: string;
  to: string;
  /** A repository file (relative import) or a package. */
  local: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The repository file a relative specifier names (`./x` is x.ts or x/index.ts). */
function resolveLocal(from: string, specifier: string): string {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  throw new Error(`${from}: cannot resolve the import '${specifier}'`);
}

function importsOf(file: string): Edge[] {
  // preProcessFile sees import and export declarations (type-only ones too), require() and import().
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? { from: file, to: resolveLocal(file, fileName), local: true } : { from: file, to: fileName, local: false },
  );
}

const FILES = SCANNED.flatMap(sourceFiles);
const EDGES = FILES.flatMap(importsOf);

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
function cycles(files: string[], edges: Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (e.local) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

/** The language core: what the CLI, the server and the extension all build on. */
const CORE = [
  'server/src/syntax/', 'server/src/schema/', 'server/src/model/', 'server/src/rules/', 'server/src/estimate/',
  'server/src/sim/', 'server/src/diagram/', 'server/src/format/', 'server/src/config/', 'server/src/reference/', 'server/src/review/',
  'server/src/analyze.ts', 'server/src/reanalysis.ts', 'server/src/diagnostics.ts', 'server/src/docs.ts', 'server/src/sorted.ts',
  'server/src/arrays.ts', 'server/src/records.ts', 'server/src/bidi.ts',
];
// The core's error for a feature whose optional package is not installed (the native PNG renderer).
CORE.push('server/src/missing-package.ts');
const FRONT_ENDS = ['server/src/lsp/', 'server/src/ide/', 'server/src/cli/', 'server/src/cli.ts', 'server/src/protocol.ts', 'client/'];
/** Editor and LSP packages: vscode, vscode-languageserver(-*), vscode-languageclient, vscode-jsonrpc. */
const EDITOR_PACKAGE = /^vscode($|[-/])/;

interface Rule {
  /** Files the rule applies to (path prefixes). */
  files: string[];
  /** Repository paths (prefixes) they may not import. */
  forbiddenFiles: string[];
  forbiddenPackages?: RegExp;
  /** Files allowed even so. */
  except?: string[];
  why: string;
}

const RULES: Rule[] = [
  { files: CORE, forbiddenFiles: FRONT_ENDS, forbiddenPackages: EDITOR_PACKAGE, why: 'the core imports nothing from editors or front ends' },
  {
    files: ['server/src/ide/'],
    forbiddenFiles: ['server/src/lsp/', 'server/src/cli/', 'server/src/cli.ts', 'server/src/protocol.ts', 'client/'],
    forbiddenPackages: EDITOR_PACKAGE,
    why: 'ide/ is protocol-free: plain offsets, spans and markdown',
  },
  {
    files: ['server/src/cli/', 'server/src/cli.ts'],
    forbiddenFiles: ['server/src/lsp/', 'server/src/ide/', 'server/src/protocol.ts', 'client/'],
    forbiddenPackages: EDITOR_PACKAGE,
    // `sysdesign lsp --stdio` starts the server (loaded on demand: the other commands never load it).
    except: ['server/src/lsp/main.ts'],
    why: 'the CLI is a front end on the core alone',
  },
  {
    files: ['server/src/lsp/'],
    forbiddenFiles: ['server/src/cli/', 'server/src/cli.ts', 'client/'],
    forbiddenPackages: /^(vscode|vscode-languageclient)($|\/)/,
    why: 'the server speaks LSP, never the editor API',
  },
  {
    files: ['server/src/protocol.ts'],
    forbiddenFiles: ['server/src/lsp/', 'server/src/ide/', 'server/src/cli/', 'server/src/cli.ts', 'client/'],
    forbiddenPackages: /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc|vscode-jsonrpc\/node)$/,
    why: 'the protocol is shared by both sides and loads only vscode-jsonrpc\'s message classes',
  },
  {
    files: ['client/'],
    forbiddenFiles: ['server/src/lsp/', 'server/src/ide/', 'server/src/cli/', 'server/src/cli.ts'],
    why: 'the client talks to the server only through protocol.ts',
  },
  {
    files: ['client/webview/'],
    forbiddenFiles: ['client/src/'],
    forbiddenPackages: EDITOR_PACKAGE,
    why: 'the webview is a web page: it talks to the extension through messages',
  },
];

function applies(prefixes: string[], file: string): boolean {
  return prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
}

function violations(edges: Edge[], rules: Rule[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    for (const rule of rules) {
      if (!applies(rule.files, e.from)) continue;
      const bad = e.local ? applies(rule.forbiddenFiles, e.to) && !rule.except?.includes(e.to) : rule.forbiddenPackages?.test(e.to) === true;
      if (bad) out.push(`${e.from} imports ${e.to}: ${rule.why}`);
    }
  }
  return out;
}

/**
 * Client files that import values (not only types) from vscode-languageclient.
 * Such an import is evaluated when the bundle loads, before activate();
 * client/src/languageclient.ts requires the library on first use instead.
 */
function eagerLanguageClientImports(files: string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const statement of syntaxOf(file).statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!statement.moduleSpecifier.text.startsWith('vscode-languageclient')) continue;
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(file);
    }
  }
  return out;
}

const parsed = new Map<string, ts.SourceFile>();
function syntaxOf(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) parsed.set(file, (source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true)));
  return source;
}

/**
 * Custom LSP method names (`'sysdesign/…'` string literals) anywhere but as
 * the argument of `new RequestType(…)` / `new NotificationType(…)` in
 * protocol.ts: a method named elsewhere has its types restated by hand.
 */
function untypedCustomMethods(files: string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^sysdesign\/\w+$/.test(node.text)) {
        const parent = node.parent;
        const typed =
          file === 'server/src/protocol.ts' &&
          ts.isNewExpression(parent) &&
          /^(RequestType|NotificationType)$/.test(parent.expression.getText());
        if (!typed) out.push(`${file}: '${node.text}'`);
      }
      ts.forEachChild(node, visit);
    };
    visit(syntaxOf(file));
  }
  return out;
}

describe('the architecture (docs/architecture.md)', () => {
  test('is read from every source file', () => {
    assert.ok(FILES.includes('server/src/lsp/main.ts') && FILES.includes('client/src/extension.ts'), 'the scan found the entry points');
    assert.ok(EDGES.some((e) => e.from === 'client/src/extension.ts' && e.to === 'client/src/ctx.ts'), 'relative imports resolve to files');
  });

  test('has no cycle', () => {
    assert.deepEqual(cycles(FILES, EDGES), []);
  });

  test('follows the code map', () => {
    assert.deepEqual(violations(EDGES, RULES), []);
  });

  test('the extension loads vscode-languageclient on first use, not with its bundle', () => {
    assert.deepEqual(eagerLanguageClientImports(FILES.filter((f) => f.startsWith('client/src/'))), []);
  });

  test('each custom method is a RequestType of protocol.ts, named nowhere else', () => {
    assert.deepEqual(untypedCustomMethods(FILES), []);
  });

  // The checks themselves: each must catch what it is there to catch.
  test('a cycle is found, type-only imports included', () => {
    const edges: Edge[] = [
      { from: 'a.ts', to: 'b.ts', local: true },
      { from: 'b.ts', to: 'c.ts', local: true },
      { from: 'c.ts', to: 'a.ts', local: true },
      { from: 'c.ts', to: 'd.ts', local: true },
    ];
    assert.deepEqual(cycles(['a.ts', 'b.ts', 'c.ts', 'd.ts'], edges), [['a.ts', 'b.ts', 'c.ts']]);
    assert.deepEqual(cycles(['a.ts'], [{ from: 'a.ts', to: 'a.ts', local: true }]), [['a.ts']]);
  });

  test('a forbidden import is reported with its reason', () => {
    const edges: Edge[] = [
      { from: 'server/src/sim/engine.ts', to: 'server/src/lsp/main.ts', local: true },
      { from: 'server/src/model/build.ts', to: 'vscode-languageserver', local: false },
      { from: 'server/src/ide/hover.ts', to: 'server/src/model/types.ts', local: true },
      { from: 'server/src/ide/hover.ts', to: 'vscode-languageserver-types', local: false },
      { from: 'client/src/ctx.ts', to: 'server/src/lsp/documents.ts', local: true },
    ];
    assert.deepEqual(violations(edges, RULES), [
      'server/src/sim/engine.ts imports server/src/lsp/main.ts: the core imports nothing from editors or front ends',
      'server/src/model/build.ts imports vscode-languageserver: the core imports nothing from editors or front ends',
      'server/src/ide/hover.ts imports vscode-languageserver-types: ide/ is protocol-free: plain offsets, spans and markdown',
      'client/src/ctx.ts imports server/src/lsp/documents.ts: the client talks to the server only through protocol.ts',
    ]);
  });
});
