// `check --format sarif`: SARIF 2.1.0, one run, one rule entry per rule id
// that appears (sorted by id), results in file order.
//
// Locations are relative to the working folder (uriBaseId %SRCROOT%, given in
// originalUriBaseIds as a file URL) when the file is inside it, absolute file
// URLs otherwise. Regions are 1-based with exclusive end columns, in UTF-16
// code units (columnKind). Quick fixes computed by the core are included as
// SARIF fixes. Inputs that could not be read are reported as tool execution
// notifications, and the invocation is then marked unsuccessful.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as sarif from 'sarif';
import type { Diagnostic, Severity } from '../../diagnostics';
import { ruleDocPath, ruleDocUrl } from '../../docs';
import { ruleById } from '../../rules/registry';
import type { Span } from '../../syntax/ast';
import type { CheckReport, FileReport } from '../report';
import { packageVersion } from '../version';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** Fallback one-line descriptions of the language's own diagnostics, when docs/rules has no page (design rules carry their own). */
const LANGUAGE_SUMMARIES: Record<string, string> = {
  syntax: 'The text does not follow the sysdesign syntax.',
  'unknown-reference': 'A name that refers to no component, table or column.',
  'duplicate-name': 'Two components, tables or declarations share a name in one system.',
  'unknown-property': 'A property, block or flag that this kind of component does not have.',
  'unknown-kind': 'A component kind that the language does not know.',
  'invalid-nesting': 'A declaration placed where it cannot appear.',
  'invalid-value': 'A value of the wrong type or unit, or out of range.',
  'missing-property': 'A required property is missing.',
  'invalid-connection': 'A connection that makes no sense between these kinds of component.',
  'internal-error': 'sysdesign itself failed while checking this file.',
};

function level(severity: Severity): sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? `${words[0].toUpperCase()}${words.slice(1)}.` : id;
}

function readDoc(id: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  try {
    return fs.readFileSync(ruleDocPath(id), 'utf8');
  } catch {
    return undefined;
  }
}

/** The page's one-line summary: its first `> ` quote line. */
function docSummary(doc: string | undefined): string | undefined {
  const line = doc?.split(/\r?\n/).find((l) => l.startsWith('> '));
  return line ? line.slice(2).trim() || undefined : undefined;
}

export function ruleDescriptor(id: string): sarif.ReportingDescriptor {
  const rule = ruleById(id);
  const doc = readDoc(id);
  const descriptor: sarif.ReportingDescriptor = {
    id,
    shortDescription: { text: rule?.summary ?? docSummary(doc) ?? LANGUAGE_SUMMARIES[id] ?? humanize(id) },
    helpUri: ruleDocUrl(id),
  };
  if (rule) {
    descriptor.fullDescription = { text: `${rule.docs.checks} ${rule.docs.why}`.trim() };
    // Design rules have a configurable default severity; language diagnostics do not.
    descriptor.defaultConfiguration = { level: level(rule.severity) };
  }
  if (doc !== undefined) descriptor.help = { text: doc, markdown: doc };
  return descriptor;
}

function artifactLocation(file: FileReport, cwd: string): sarif.ArtifactLocation {
  const rel = path.relative(cwd, file.file.path);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file.file.path).href };
}

function region(file: FileReport, span: Span): sarif.Region {
  const r = file.lines.range(span);
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function physical(file: FileReport, cwd: string, span: Span): sarif.PhysicalLocation {
  return { artifactLocation: artifactLocation(file, cwd), region: region(file, span) };
}

function result(file: FileReport, d: Diagnostic, ruleIndex: number, cwd: string): sarif.Result {
  const out: sarif.Result = {
    ruleId: d.rule,
    ruleIndex,
    level: level(d.severity),
    message: { text: d.message },
    locations: [{ physicalLocation: physical(file, cwd, d.span) }],
  };
  if (d.related?.length) {
    out.relatedLocations = d.related.map((r, i) => ({
      id: i,
      message: { text: r.message },
      physicalLocation: physical(file, cwd, r.span),
    }));
  }
  if (d.fixes?.length) {
    out.fixes = d.fixes.map((f) => ({
      description: { text: f.title },
      artifactChanges: [{
        artifactLocation: artifactLocation(file, cwd),
        replacements: f.edits.map((e) => ({
          deletedRegion: region(file, e.span),
          ...(e.newText ? { insertedContent: { text: e.newText } } : {}),
        })),
      }],
    }));
  }
  return out;
}

export function toSarif(report: CheckReport): sarif.Log {
  const ids = new Set<string>();
  for (const f of report.files) for (const d of f.diagnostics) ids.add(d.rule);
  const ruleIds = [...ids].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results: sarif.Result[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) results.push(result(f, d, index.get(d.rule)!, report.cwd));
  }
  const version = packageVersion();
  const invocation: sarif.Invocation = { executionSuccessful: report.problems.length === 0 };
  if (report.problems.length) {
    invocation.toolExecutionNotifications = report.problems.map((p) => ({ level: 'error', message: { text: p } }));
  }
  const root = pathToFileURL(report.cwd).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'sysdesign',
          version,
          semanticVersion: version,
          rules: ruleIds.map(ruleDescriptor),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: root.endsWith('/') ? root : `${root}/` } },
      invocations: [invocation],
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function renderSarif(report: CheckReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}
