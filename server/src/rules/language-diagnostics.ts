// Documentation for the language's own diagnostics (not configurable rules),
// in the same shape as a rule's docs so one generator writes every page.
import type { RuleDocs } from './types';

export interface LanguageDiagnosticDoc {
  id: string;
  summary: string;
  docs: RuleDocs;
}

export const LANGUAGE_DIAGNOSTIC_DOCS: LanguageDiagnosticDoc[] = [
  {
    id: 'syntax',
    summary: 'The text does not follow the grammar: a missing brace, a stray token, an unterminated string.',
    docs: {
      checks: 'Lexing and parsing. Each error is placed where the missing or unexpected text is, and parsing continues, so the rest of the file is still checked, outlined and drawn. Two common slips give one error each that names the fix, and are read as what was meant: a mistyped arrow (`a => b`: "did you mean \'->\'?") and `=` for `:` after a property name (`instances = 2`: "did you mean \'instances: …\'?"). The design rules say nothing about a component or connection that holds a syntax error.',
      why: 'Until a part of the file parses, nothing in it can be reviewed. The message says what was expected at that spot.',
      fires: 'system shop {\n  service api { instances: 2\n}',
      fixed: 'system shop {\n  service api { instances: 2 }\n}',
    },
  },
  {
    id: 'unknown-reference',
    summary: 'A name that is not declared: a component in a connection, a table in a query, a column.',
    docs: {
      checks: 'Every component named in a connection, `origin:`, `dead_letter:` or scenario event; every table in `from:` and `join:`; every column in `key:`, `indexes:`, `join:` and `where:`. A close match is suggested.',
      why: 'A connection to a name that does not exist is usually a typo, and it silently drops a part of the design from every estimate and simulation.',
      fires: 'system shop {\n  service api { instances: 2 }\n  service orders { instances: 2 }\n  api -> ordrs\n}',
      fixed: 'system shop {\n  service api { instances: 2 }\n  service orders { instances: 2 }\n  api -> orders\n}',
    },
  },
  {
    id: 'duplicate-name',
    summary: 'Two components (or tables, queries, scenarios, properties) with the same name in one system.',
    docs: {
      checks: 'Component names are unique within a system, including components nested in regions and groups; table names are unique within a system; a property is set at most once.',
      why: 'References name components; two with one name make every reference ambiguous.',
      fires: 'system shop {\n  service api { instances: 2 }\n  service api { instances: 3 }\n}',
      fixed: 'system shop {\n  service api { instances: 2 }\n  service admin_api { instances: 3 }\n}',
    },
  },
  {
    id: 'unknown-property',
    summary: 'A property, block or flag that the component kind does not have.',
    docs: {
      checks: 'Each property, block and flag against the schema of the kind (or block, query, scenario, connection) it is written in. A close match is suggested, or the kinds that do have the property are named.',
      why: 'An unknown property is ignored by every estimate and rule, so a typo such as `instancs: 4` quietly leaves the component with one instance.',
      fires: 'system shop {\n  service api { instancs: 4 }\n}',
      fixed: 'system shop {\n  service api { instances: 4 }\n}',
    },
  },
  {
    id: 'unknown-kind',
    summary: 'A declaration whose keyword is not a component kind.',
    docs: {
      checks: 'The keyword of each declaration: client, dns, cdn, loadbalancer, gateway, proxy, service, worker, cache, database, blob, queue, stream, pubsub, orchestrator, job, region, group (and table, query, scenario where they belong). The name is still declared, so references to it keep resolving while you fix the keyword.',
      why: 'The kind decides how a component behaves in estimates, rules and the simulation; an unknown kind has no behaviour.',
      fires: 'system shop {\n  servce api { instances: 2 }\n}',
      fixed: 'system shop {\n  service api { instances: 2 }\n}',
    },
  },
  {
    id: 'invalid-nesting',
    summary: 'A declaration in a place that cannot hold it: a component inside a service, a table outside a database.',
    docs: {
      checks: 'Components nest only in systems, regions and groups; tables only in databases; queries and scenarios only in systems; `at` events only in scenarios; connections only in systems, regions and groups.',
      why: 'Nesting says where a thing belongs: a table outside a database has nowhere to live. (A component header inside a service is taken as a missing `}` above it and reported as a syntax error.)',
      fires: 'system shop {\n  database db: postgres { backup: daily }\n  table users { columns: [user_id, name] }\n}',
      fixed: 'system shop {\n  database db: postgres {\n    backup: daily\n    table users { columns: [user_id, name] }\n  }\n}',
    },
  },
  {
    id: 'invalid-value',
    summary: 'A value of the wrong type or unit, or out of range.',
    docs: {
      checks: 'Each value against its property: units of the right family (a time for `service_time`, a size for `record_size`), percentages between 0 % and 100 %, counts that are whole and positive, enum values, distributions, references of the right shape. An invalid value counts as absent, not as its default, so the design rules say nothing about the component or connection that holds it until it is fixed (`mode: active_passive` is not also reported as a database without replicas). A technology that the table does not know for a kind that has technologies (`proxy edge: squid`) gets an info hint with the closest known name and the list for that kind; it stays a label, and the kind\'s own defaults apply.',
      why: 'Back-of-the-envelope numbers are only as good as their units: `service_time: 2MB` or `hit_ratio: 120%` would make every estimate meaningless.',
      fires: 'system shop {\n  service api { instances: 0  service_time: 2MB }\n}',
      fixed: 'system shop {\n  service api { instances: 2  service_time: 20ms }\n}',
    },
  },
  {
    id: 'missing-property',
    summary: 'A required property is missing: a query without `from:`, autoscaling without `min`/`max`, a table without columns.',
    docs: {
      checks: 'Properties the schema marks as required for the kind or block.',
      why: 'Without them the part cannot be estimated or simulated: autoscaling without bounds, a query that reads no table.',
      fires: 'system shop {\n  service api { autoscale { target_cpu: 60% } }\n}',
      fixed: 'system shop {\n  service api { autoscale { min: 2  max: 10  target_cpu: 60% } }\n}',
    },
  },
  {
    id: 'invalid-connection',
    summary: 'A connection that makes no sense: a call to a client, a database calling a service, a queue feeding a queue.',
    docs: {
      checks: 'Each hop of each connection: clients are not called; regions and groups are boxes, not endpoints; databases and blob stores answer but do not call (they may publish changes to a stream); queues, streams and pub/sub channels feed consumers (services, workers, jobs), not each other; nothing calls itself.',
      why: 'The direction of an arrow says who calls whom, and every estimate follows it. A reversed arrow sends load the wrong way.',
      fires: 'system shop {\n  client web { rate: 10/s }\n  database db: postgres { backup: daily }\n  db -> web\n}',
      fixed: 'system shop {\n  client web { rate: 10/s }\n  service api { instances: 2 }\n  database db: postgres { backup: daily  replication { mode: primary_replica  replicas: 1 } }\n  web -> api -> db\n}',
    },
  },
  {
    id: 'unknown-rule',
    summary: 'A suppression comment or a rule setting names a rule that does not exist.',
    docs: {
      checks: 'The rule ids in `// sysdesign-disable-next-line …` and `// sysdesign-disable …` comments, in the `sysdesign.rules` setting and in `sysdesign.json`.',
      why: 'A misspelt id silences nothing, so the finding it was meant to silence stays, or worse, a setting meant to turn a rule into an error does nothing.',
      fires: 'system notes {\n  // sysdesign-disable-next-line no-bakup\n  database notes: postgres\n}',
      fixed: 'system notes {\n  // sysdesign-disable-next-line no-backup\n  database notes: postgres\n}',
    },
  },
  {
    id: 'invalid-config',
    summary: 'sysdesign.json is not valid: broken JSON, or a setting it does not know.',
    docs: {
      checks: 'The project file `sysdesign.json`, which holds `{ "rules": { "<rule id>": "error" | "warning" | "info" | "off" } }`. Unknown rule ids in it are reported as `unknown-rule`.',
      why: 'A broken settings file would silently leave every rule at its default.',
      fires: '',
      fixed: '',
    },
  },
  {
    id: 'internal-error',
    summary: 'Sysdesign itself failed while checking the design.',
    docs: {
      checks: 'Nothing in your design: this is reported when a check throws. The other checks still run.',
      why: 'So that a bug in one check never hides the rest of the review. Please report it together with the design that caused it.',
      fires: '',
      fixed: '',
    },
  },
];
