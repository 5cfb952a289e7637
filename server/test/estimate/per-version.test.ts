// The estimate has one home per document version: the rules, the editor's
// estimates (hover, inlay hints, report) and the simulation's model all read
// the analysis's own, so it is computed once per version, counted here
// through the module's observer (no timing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { observeEstimates } from '../../src/estimate/per-version';
import { estimatesOf } from '../../src/ide/estimates';
import { buildSimModel } from '../../src/sim/model';
import type { SystemModel } from '../../src/model/types';

// Overloaded on purpose: the capacity rules read the estimate while analysing.
const DESIGN = `system shop {
  client web { rate: 5k/s }
  service api { instances: 2  service_time: 10ms }
  web -> api
}
system blog {
  client reader { rate: 10/s }
  service pages { service_time: 5ms }
  reader -> pages
}
`;

test('the estimate is computed once per system per version, whoever asks', () => {
  const computed: SystemModel[] = [];
  const stop = observeEstimates((s) => computed.push(s));
  try {
    const a = analyze(DESIGN);
    assert.ok(a.diagnostics.some((d) => d.rule === 'overload'), 'the rules used the estimate');
    estimatesOf(a); // hover, inlay hints and the report
    estimatesOf(a);
    for (const s of a.systems) buildSimModel(s, { duration: 1 }); // the simulation's comparison
    const shop = a.estimate(a.systems[0]);
    assert.strictEqual(estimatesOf(a)[0], shop, 'every reader gets the same object');
    assert.deepEqual(computed.map((s) => s.name), ['shop', 'blog']);

    // An edit is a new version: estimated again, once.
    const edited = analyze(DESIGN.replace('5k/s', '6k/s'));
    estimatesOf(edited);
    assert.deepEqual(computed.map((s) => s.name), ['shop', 'blog', 'shop', 'blog']);
  } finally {
    stop();
  }
});
