import type { ComponentModel } from '../../model/types';
import { databaseLayout, mostInstances } from '../../model/semantic';
import { describe } from '../helpers';
import type { Rule, TextEdit } from '../types';

const CHECKED = new Set(['loadbalancer', 'gateway', 'proxy', 'service', 'cache', 'database', 'orchestrator']);

function isSingle(c: ComponentModel): boolean {
  // Copies of the data: replicas + 1, or `replicas` for leaderless (where `replicas: 1` is one node).
  if (c.kind === 'database') return databaseLayout(c)!.copies <= 1;
  return mostInstances(c) <= 1;
}

/** Joins insertions at the same offset (both `replicas` and `mode` added to one block) into one edit. */
function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.span.start === e.span.start && o.span.end === o.span.start && e.span.end === e.span.start);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

export const singlePointOfFailure: Rule = {
  id: 'single-point-of-failure',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A component on a client\'s request path with one instance, no replica and no autoscaling: when it fails, requests fail.',
  quickFix: 'instances: 2 (databases: add a replica)',
  docs: {
    checks: 'A load balancer, gateway, proxy, service, cache, database or orchestrator reached from a client through synchronous calls that has one instance and no autoscaling (a database: no replication). Managed parts (DNS, CDN, blob stores) and messaging are exempt.',
    why: 'Every component that a request passes through synchronously is needed for that request to succeed. With one instance, a crash, a deploy or a lost machine takes the whole path down. Two instances behind a load balancer (or a replica for a database) let the system survive the loss of any one.',
    fires: `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service api
  web -> lb -> api
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  web -> lb -> api
}`,
  },
  check({ system, facts, fix, report }) {
    for (const c of system.components.values()) {
      if (!c.kind || !CHECKED.has(c.kind) || !facts.onRequestPath.has(c) || !isSingle(c)) continue;
      if (c.kind === 'database') {
        const replication = c.blocks.get('replication');
        const edit = replication
          ? fix.setProperty(replication.decl, replication.props, 'replicas', databaseLayout(c)!.writtenMode === 'leaderless' ? '3' : '1')
          : fix.insertItem(c.decl, 'replication { mode: primary_replica  replicas: 1 }');
        const editMode = replication && databaseLayout(c)!.writtenMode === 'none' ? [fix.setProperty(replication.decl, replication.props, 'mode', 'primary_replica')] : [];
        report({
          message: `Database \`${c.name}\` serves client requests from a single server with no replica: if it fails, those requests fail and recent writes may be lost. Add a replica that can take over.`,
          span: replication?.span ?? c.nameSpan,
          fixes: [{ title: databaseLayout(c)!.writtenMode === 'leaderless' ? 'Run 3 replicas' : 'Add a replica (primary_replica, 1 replica)', edits: replication ? mergeInserts([edit, ...editMode]) : [edit], preferred: true }],
        });
        continue;
      }
      const instances = c.props.get('instances');
      report({
        message: `${describe(c).charAt(0).toUpperCase()}${describe(c).slice(1)} is on the request path with a single instance and no autoscaling: when it fails or restarts, requests fail. Run at least two instances.`,
        span: instances?.explicit ? instances.valueSpan! : c.nameSpan,
        fixes: [{ title: 'Set instances: 2', edits: [fix.setProperty(c.decl, c.props, 'instances', '2')], preferred: true }],
      });
    }
  },
};
