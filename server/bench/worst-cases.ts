/**
 * Inputs that once made the language core or the simulation worker slow, shared
 * by the tests (which check the answers, with only a hang guard on time) and by
 * worst-cases.bench.ts (which times them against their targets).
 */

/** 5,000 services and 1,000 connections to unknown names, each close to a declared one. */
export function manyUnknownReferences(): string {
  const names = Array.from({ length: 5000 }, (_, i) => `  service svc_${i}`).join('\n');
  const refs = Array.from({ length: 1000 }, (_, i) => `  svc_${i} -> svc_${i}x`).join('\n');
  return `system s {\n${names}\n${refs}\n}\n`;
}

/** 1,000 services (4,000 lines), one in 25 broken by a doubled colon and a stray '}'. */
export function brokenEveryHundredLines(): string {
  const chunk = (i: number, broken: boolean) => [
    `  service s${i} {`,
    '    instances: 2',
    broken ? '    cores:: 4 }}' : '    cores: 4',
    '  }',
  ].join('\n');
  const parts = ['system big {'];
  for (let i = 0; i < 1000; i++) parts.push(chunk(i, i % 25 === 24));
  parts.push('  s0 -> s999', '}');
  return parts.join('\n');
}

/** 20k requests per second: a few seconds of CPU for every simulated minute. */
export const LONG_SIMULATION = `system long {
  client users { rate: 20k/s }
  service api { instances: 4  cores: 4  service_time: 500us }
  users -> api
}
`;
