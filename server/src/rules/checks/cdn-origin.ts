import { kindSpec } from '../../schema/schema';
import type { Rule } from '../types';

const ORIGINS = new Set(['blob', 'service', 'proxy']);

export const cdnOrigin: Rule = {
  id: 'cdn-origin',
  severity: 'error',
  category: 'Availability and scaling',
  summary: 'A CDN without an origin, or whose origin is not a blob store, service or proxy.',
  docs: {
    checks: 'A `cdn` with no `origin:`, or whose origin is not a blob store, a service or a proxy.',
    why: 'A CDN serves copies; on a miss it must fetch the original from somewhere that serves content over HTTP. Without an origin the design does not say where content comes from; a database or a queue cannot answer a CDN\'s request.',
    fires: `system video {
  cdn edge: cloudfront { ttl: 24h }
}`,
    fixed: `system video {
  cdn edge: cloudfront { ttl: 24h  origin: videos }
  blob videos: s3
}`,
  },
  check({ system, report }) {
    for (const cdn of system.components.values()) {
      if (cdn.kind !== 'cdn') continue;
      const origin = cdn.props.get('origin');
      if (!origin?.explicit) {
        report({ message: `CDN \`${cdn.name}\` has no origin: on a cache miss it has nowhere to fetch content from. Add \`origin:\` naming a blob store, service or proxy.`, span: cdn.nameSpan });
        continue;
      }
      const target = system.components.get(String(origin.value));
      if (!target?.kind || ORIGINS.has(target.kind)) continue;
      report({
        message: `CDN \`${cdn.name}\` uses ${kindSpec(target.kind)!.noun} \`${target.name}\` as its origin; an origin must serve content over HTTP: a blob store, a service or a proxy.`,
        span: origin.valueSpan!,
        related: [{ message: `\`${target.name}\` is declared here.`, span: target.nameSpan }],
      });
    }
  },
};
