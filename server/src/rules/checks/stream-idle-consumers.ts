import { mostInstances, semanticsOf } from '../../model/semantic';
import type { Rule } from '../types';

export const streamIdleConsumers: Rule = {
  id: 'stream-idle-consumers',
  severity: 'warning',
  category: 'Messaging',
  summary: 'A stream consumer group with more consumer instances than the stream has partitions: the extra consumers sit idle.',
  quickFix: 'Raise partitions',
  docs: {
    checks: 'For each consumer group of a `stream`, the instances of its consumers (autoscale\'s max when they autoscale) added up, against the stream\'s `partitions`.',
    why: 'Within a consumer group each partition is read by exactly one consumer, so a group can never use more consumers than there are partitions. Instances beyond that do nothing but cost money, and autoscaling past the partition count adds no throughput. Raise the partition count (it is hard to change later, so plan for growth) or run fewer consumers.',
    fires: `system rides {
  service api { instances: 2 }
  stream locations: kafka { partitions: 4 }
  worker matcher { instances: 8 }
  api -> locations
  locations -> matcher
}`,
    fixed: `system rides {
  service api { instances: 2 }
  stream locations: kafka { partitions: 8 }
  worker matcher { instances: 8 }
  api -> locations
  locations -> matcher
}`,
  },
  check({ system, fix, report }) {
    for (const stream of system.components.values()) {
      if (stream.kind !== 'stream') continue;
      const partitions = semanticsOf(stream).routing.partitions;
      for (const { name: group, edges } of semanticsOf(stream).consumerGroups) {
        const g = { consumers: new Set(edges.map((e) => e.to)), edges };
        const instances = [...g.consumers].reduce((sum, c) => sum + mostInstances(c), 0);
        if (instances <= partitions) continue;
        const partitionsProp = stream.props.get('partitions');
        report({
          message: `Consumer group \`${group}\` on stream \`${stream.name}\` runs ${instances} consumer instances, but the stream has ${partitions} partition${partitions === 1 ? '' : 's'}: each partition is read by one consumer of the group, so ${instances - partitions} sit idle. Raise partitions to at least ${instances}, or run fewer consumers.`,
          span: partitionsProp?.explicit ? partitionsProp.valueSpan! : stream.nameSpan,
          related: g.edges.map((e) => ({ message: `\`${e.to.name}\` runs ${mostInstances(e.to)} instance(s) in group \`${group}\`.`, span: e.hopSpan })),
          fixes: [{ title: `Raise partitions to ${instances}`, edits: [fix.setProperty(stream.decl, stream.props, 'partitions', String(instances))], preferred: true }],
        });
      }
    }
  },
};
