import type { ComponentModel } from '../../model/types';
import { isSyncCall } from '../facts';
import type { Rule } from '../types';

const SENSITIVE = new Set(['personal', 'financial']);

/** The first database holding personal or financial data that requests reach from `start` through synchronous calls. */
function sensitiveStoreBehind(start: ComponentModel): ComponentModel | undefined {
  const seen = new Set<ComponentModel>([start]);
  const stack = [start];
  while (stack.length) {
    for (const e of stack.pop()!.outgoing) {
      if (!isSyncCall(e) || seen.has(e.to)) continue;
      if (e.to.kind === 'database' && SENSITIVE.has(e.to.props.str('data') ?? '')) return e.to;
      seen.add(e.to);
      stack.push(e.to);
    }
  }
  return undefined;
}

export const plaintextSensitiveData: Rule = {
  id: 'plaintext-sensitive-data',
  severity: 'info',
  category: 'Security',
  summary: 'A proxy terminates TLS in front of requests that reach personal or financial data, which then cross the internal network unencrypted.',
  quickFix: 'Pass TLS through',
  docs: {
    checks: 'A proxy with `tls_termination` from which synchronous calls reach a database marked `data: personal` or `data: financial`.',
    why: 'Terminating TLS at the edge lets the backends speak plain HTTP, which is simpler and cheaper. But then every request behind the proxy, with the names, addresses or card details it carries, crosses the internal network in clear text, where anyone who gets onto that network (or a misrouted mirror port) can read it. Privacy and payment rules expect personal and financial data to be encrypted in transit: pass TLS through to the backends, or re-encrypt behind the proxy.',
    fires: `system clinic {
  client app { rate: 10/s }
  proxy edge { tls_termination  instances: 2 }
  service records_api { instances: 2 }
  database records: postgres {
    data: personal
    backup: daily
    replication { mode: primary_replica  replicas: 1 }
  }
  app -> edge -> records_api -> records
}`,
    fixed: `system clinic {
  client app { rate: 10/s }
  proxy edge { tls_termination: false  instances: 2 }
  service records_api { instances: 2 }
  database records: postgres {
    data: personal
    backup: daily
    replication { mode: primary_replica  replicas: 1 }
  }
  app -> edge -> records_api -> records
}`,
  },
  check({ system, fix, report }) {
    for (const proxy of system.components.values()) {
      const tls = proxy.props.get('tls_termination');
      if (proxy.kind !== 'proxy' || !tls?.explicit || tls.value !== true) continue;
      const store = sensitiveStoreBehind(proxy);
      if (!store) continue;
      report({
        message: `Proxy \`${proxy.name}\` terminates TLS, and requests behind it reach \`${store.name}\`, which holds ${store.props.str('data')} data: that data crosses the internal network unencrypted. Pass TLS through to the backends, or re-encrypt behind the proxy.`,
        span: tls.span!,
        related: [{ message: `\`${store.name}\` is marked as ${store.props.str('data')} data.`, span: store.props.get('data')!.span! }],
        fixes: [{ title: 'Pass TLS through to the backends', edits: [fix.replace(tls.span!, 'tls_termination: false')], preferred: true }],
      });
    }
  },
};
