import { mostInstances } from '../../model/semantic';
import type { Rule } from '../types';

export const leaderlessOrchestrators: Rule = {
  id: 'leaderless-orchestrators',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'Several orchestrator instances with no leader election: they may all act as leader at once.',
  quickFix: 'leader_election: raft',
  docs: {
    checks: 'An orchestrator with more than one instance and `leader_election: none` (or none given).',
    why: 'Coordinators schedule jobs, hand out locks and assign work. Two instances that both believe they lead will do it twice: the same job runs twice, two clients hold the same lock. Consensus-based election (Raft) makes sure at most one leads, and a majority must agree before it does.',
    fires: `system jobs {
  orchestrator scheduler { instances: 3  leader_election: none }
}`,
    fixed: `system jobs {
  orchestrator scheduler { instances: 3  leader_election: raft }
}`,
  },
  check({ system, fix, report }) {
    for (const c of system.components.values()) {
      if (c.kind !== 'orchestrator' || mostInstances(c) <= 1) continue;
      const election = c.props.get('leader_election');
      if (election?.value !== undefined && election.value !== 'none') continue;
      report({
        message: `Orchestrator \`${c.name}\` runs ${mostInstances(c)} instances ${election?.explicit ? 'with leader_election: none' : 'without leader election'}: more than one may act as leader and do the same work twice. Use raft.`,
        span: election?.explicit ? election.valueSpan! : c.nameSpan,
        fixes: [{ title: 'Set leader_election: raft', edits: [fix.setProperty(c.decl, c.props, 'leader_election', 'raft')], preferred: true }],
      });
    }
  },
};
