import type { RelatedInfo } from '../../diagnostics';
import type { ComponentModel, ResolvedValue } from '../../model/types';
import type { Span } from '../../syntax/ast';
import { databaseLayout, quorumOverlaps } from '../../model/semantic';
import { databases } from '../helpers';
import type { Rule, RuleContext } from '../types';

export const capContradiction: Rule = {
  id: 'cap-contradiction',
  severity: 'warning',
  category: 'Consistency and CAP',
  summary: 'A store and its CAP choice (its own `cap`, else the system\'s) disagree: CP with eventual consistency or stale replica reads, or AP with synchronous replication.',
  docs: {
    checks: 'Each database against its CAP choice: its own `cap` when it declares one, else the system\'s. A CP store that is eventually consistent or reads from asynchronous replicas; a store that declares AP but replicates synchronously or with a strong quorum; or a system declared AP in which every replicated database that inherits it replicates synchronously or with a strong quorum. A design may mix choices: strongly consistent orders (`cap: CP`) beside an eventually consistent catalogue (`cap: AP`) lints clean.',
    why: 'The system-level CAP choice is a promise about behaviour during a partition, and the databases are what keep it. A CP system whose database answers from a lagging replica serves stale data, which is exactly what CP promised not to do. An AP system whose every write waits for all replicas stops accepting writes when one replica is unreachable, which is CP behaviour: the design pays for consistency it says it does not want. The choice need not be the same everywhere: orders and payments may refuse writes during a partition while a product catalogue keeps answering from slightly stale copies. Declare it on the store (`cap: CP` or `cap: AP` on the database) and each store is held to its own promise.',
    fires: `system ledger {
  cap: CP
  database accounts: cassandra { replication { mode: leaderless  replicas: 3 } }
}`,
    fixed: `system ledger {
  cap: AP
  database accounts: cassandra { replication { mode: leaderless  replicas: 3 } }
}`,
  },
  check({ system, report }) {
    const systemCap = system.props.get('cap');
    const apInherited: ComponentModel[] = [];
    for (const db of databases(system.components.values())) {
      const choice = storeCap(db, systemCap);
      if (!choice) continue;
      if (choice.cap === 'CP') reportCpContradiction(db, choice, report);
      else if (choice.own) reportApContradiction(db, choice, report);
      else apInherited.push(db);
    }
    // Stores that inherit the system's AP: the system is AP in name only when every replicated one waits for its replicas.
    const replicated = apInherited.filter((db) => db.blocks.has('replication') && databaseLayout(db)!.writtenMode !== 'none');
    if (replicated.length === 0 || !systemCap?.valueSpan) return;
    const strict = replicated.filter(waitsForReplicas);
    if (strict.length !== replicated.length) return;
    report({
      message: `System \`${system.name}\` is AP, but every replicated database (${strict.map((d) => `\`${d.name}\``).join(', ')}) waits for its replicas on each write. During a partition writes stop, which is CP behaviour. Use asynchronous replication or smaller quorums, or choose CP.`,
      span: systemCap.valueSpan,
      related: strict.map((db) => ({ message: `\`${db.name}\` replicates synchronously or with a strong quorum.`, span: strictSpan(db) })),
    });
  },
};

interface StoreCap {
  cap: 'CP' | 'AP';
  /** Declared on the database itself rather than inherited from the system. */
  own: boolean;
  info: RelatedInfo;
}

/** What a store is judged against: its own `cap`, else the system's. CA is cap-ca-distributed's business. */
function storeCap(db: ComponentModel, systemCap: ResolvedValue | undefined): StoreCap | undefined {
  const own = db.props.get('cap');
  if (own?.valueSpan && (own.value === 'CP' || own.value === 'AP')) {
    return { cap: own.value, own: true, info: { message: `\`${db.name}\` declares cap: ${own.value} here.`, span: own.valueSpan } };
  }
  if (!systemCap?.valueSpan || (systemCap.value !== 'CP' && systemCap.value !== 'AP')) return undefined;
  return { cap: systemCap.value, own: false, info: { message: `The system declares cap: ${systemCap.value} here.`, span: systemCap.valueSpan } };
}

function subject(choice: StoreCap): string {
  return choice.own ? `it declares ${choice.cap}` : `the system is ${choice.cap}`;
}

function reportCpContradiction(db: ComponentModel, choice: StoreCap, report: RuleContext['report']): void {
  const consistency = db.props.get('consistency');
  const layout = databaseLayout(db)!;
  const readFrom = db.blocks.get('replication')?.props.get('read_from');
  const fixWord = choice.own ? 'declare cap: AP on it' : 'choose AP';
  if (consistency?.value === 'eventual') {
    const why = consistency.explicit ? '' : ` (the default for a ${db.props.str('model')} database)`;
    report({
      message: `Database \`${db.name}\` is eventually consistent${why}, but ${subject(choice)}. Reads may return stale data, which CP promises not to do. Make it \`consistency: strong\`, or ${fixWord}.`,
      span: consistency.valueSpan ?? db.nameSpan,
      related: [choice.info],
    });
  } else if (readFrom && layout.readFrom !== 'primary' && layout.sync === 'async') {
    report({
      message: `Database \`${db.name}\` reads from asynchronous replicas, so reads may miss recent writes, but ${subject(choice)}. Read from the primary or replicate synchronously, or ${fixWord}.`,
      span: readFrom.valueSpan ?? db.nameSpan,
      related: [choice.info],
    });
  }
}

/** A store that declares AP itself but waits for every replica (or a strong quorum) on each write. */
function reportApContradiction(db: ComponentModel, choice: StoreCap, report: RuleContext['report']): void {
  if (!db.blocks.has('replication') || databaseLayout(db)!.writtenMode === 'none' || !waitsForReplicas(db)) return;
  report({
    message: `Database \`${db.name}\` declares AP, but it waits for its replicas on each write: during a partition its writes stop, which is CP behaviour. Use asynchronous replication or a smaller quorum, or declare cap: CP on it.`,
    span: choice.info.span,
    related: [{ message: `\`${db.name}\` replicates synchronously or with a strong quorum.`, span: strictSpan(db) }],
  });
}

function waitsForReplicas(db: ComponentModel): boolean {
  const layout = databaseLayout(db)!;
  return layout.sync === 'sync' || quorumOverlaps(layout);
}

function strictSpan(db: ComponentModel): Span {
  return db.blocks.get('replication')!.props.get('sync')?.span ?? db.blocks.get('quorum')?.span ?? db.nameSpan;
}
