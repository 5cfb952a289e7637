import { describe } from '../helpers';
import type { Rule } from '../types';

export const forwardProxyInbound: Rule = {
  id: 'forward-proxy-inbound',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A forward proxy stands in front of the design\'s own servers, where a reverse proxy belongs.',
  quickFix: 'mode: reverse',
  docs: {
    checks: 'A proxy with `mode: forward` that clients reach on their request path and that passes requests on to the design\'s own components.',
    why: 'A forward proxy acts for clients inside a network on their way out (to the internet): it hides the clients, filters what they may reach, and caches what they fetch. Incoming traffic to your own servers is the job of a reverse proxy, which hides the servers, terminates TLS and spreads requests over backends. Drawing the inbound one as forward describes a different machine, configured differently.',
    fires: `system shop {
  client web { rate: 100/s }
  proxy edge { mode: forward  instances: 2 }
  service api { instances: 2 }
  web -> edge -> api
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  proxy edge { mode: reverse  instances: 2 }
  service api { instances: 2 }
  web -> edge -> api
}`,
  },
  check({ system, facts, fix, report }) {
    for (const proxy of system.components.values()) {
      const mode = proxy.props.get('mode');
      if (proxy.kind !== 'proxy' || mode?.value !== 'forward' || !mode.valueSpan || !facts.onRequestPath.has(proxy)) continue;
      const inward = proxy.outgoing.find((e) => e.to.kind !== 'client');
      if (!inward) continue;
      report({
        message: `Proxy \`${proxy.name}\` is a forward proxy, but clients reach it on their way in and it passes their requests to ${describe(inward.to)}: that is a reverse proxy's job (it hides the servers, terminates TLS and spreads load). Use \`mode: reverse\`.`,
        span: mode.valueSpan,
        related: [{ message: `\`${proxy.name}\` forwards to \`${inward.to.name}\` here.`, span: inward.hopSpan }],
        fixes: [{ title: 'Make it a reverse proxy', edits: [fix.replace(mode.valueSpan, 'reverse')], preferred: true }],
      });
    }
  },
};
