// Open documents and their analyses. A document is analysed at most once per
// version (and rule configuration); every request for that version reuses the
// same Analysis, and the DocumentIndex cached on it. A new version's analysis
// starts from the previous one, re-analysing only the systems the edit touched.
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from '../analyze';
import { fileURLToPath } from 'url';
import type { RuleConfig } from '../rules/runner';
import { loadProjectConfig, ProjectConfig } from '../config/project';

export interface AnalyzedDocument {
  document: TextDocument;
  analysis: Analysis;
}

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
  private rules: RuleConfig = {};

  get(uri: string): AnalyzedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    return { document, analysis: this.analysis(document) };
  }

  analysis(document: TextDocument): Analysis {
    const cached = this.cache.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    // The previous version's analysis is handed over: systems the edit left alone are kept.
    const analysis = analyze(document.getText(), { rules: this.rulesFor(document.uri), previous: cached?.analysis });
    this.cache.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  /** Project files (sysdesign.json) that applied to some document, by path. */
  readonly projectConfigs = new Map<string, ProjectConfig>();

  /** The nearest sysdesign.json's rules, overridden by the `sysdesign.rules` setting. */
  rulesFor(uri: string): RuleConfig {
    let project: RuleConfig = {};
    if (uri.startsWith('file:')) {
      const config = loadProjectConfig(fileURLToPath(uri));
      if (config.file) this.projectConfigs.set(config.file, config);
      project = config.rules;
    }
    return { ...project, ...this.rules };
  }

  /** New rule severities: every document is analysed again on next use. */
  setRules(rules: RuleConfig): void {
    this.rules = rules;
    this.cache.clear();
  }

  /** sysdesign.json changed on disk: analyse again on next use. */
  invalidate(): void {
    this.cache.clear();
    this.projectConfigs.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }
}
