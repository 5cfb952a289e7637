// `sysdesign render` draws the findings as the preview does: a badge with the
// count and the worst severity on each component that has any, whose <title>
// lists them; components without findings carry none. Each component also
// has an accessible name (kind, name, findings).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasClass, parseXml, textOf, walk, type XmlElement } from '../diagram/xml';
import { removeTree, runCli, tempTree } from './helpers';

const DESIGN = `system shop {
  client web { rate: 10/s }
  service api { instancs: 2  cores: 0 }
  queue jobs: postgres
  worker mailer { instances: 2 }
  service quiet { instances: 2 }
  web -> api -> jobs -> mailer
  api -> quiet
}
`;

let dir: string;
before(() => {
  dir = tempTree({ 'findings.sysdesign': DESIGN });
});
after(() => removeTree(dir));

function nodeOf(svg: XmlElement, id: string): XmlElement {
  const g = [...walk(svg)].find((e) => e.name === 'g' && hasClass(e, 'node') && e.attrs['data-id'] === id);
  assert.ok(g, `node ${id} is drawn`);
  return g;
}

function badgeOf(g: XmlElement): XmlElement | undefined {
  return [...walk(g)].find((e) => e.name === 'g' && hasClass(e, 'badge'));
}

describe('render: findings on the drawing', () => {
  test('badges with counts and severities, tooltips listing the findings, accessible names', async () => {
    const run = await runCli(['render', 'findings.sysdesign'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const svg = parseXml(run.stdout);

    const api = badgeOf(nodeOf(svg, 'api'))!;
    assert.ok(api, 'api has a badge');
    assert.ok(hasClass(api, 'badge-error'), 'the worst severity');
    const count = Number(api.attrs['data-count']);
    assert.ok(count >= 2, `api has two findings or more, got ${count}`);
    assert.equal(textOf([...walk(api)].find((e) => e.name === 'text')!), count > 9 ? '9+' : String(count));
    const tooltip = textOf([...walk(api)].find((e) => e.name === 'title')!);
    assert.match(tooltip, /^\d+ findings: \d+ error/);
    assert.match(tooltip, /unknown-property/);
    assert.equal(tooltip.split('\n').length, count + 1, 'a summary line, then one line per finding');

    const jobs = badgeOf(nodeOf(svg, 'jobs'))!;
    assert.ok(jobs && hasClass(jobs, 'badge-warning'), 'a warning only');
    assert.equal(badgeOf(nodeOf(svg, 'quiet')), undefined, 'no findings, no badge');

    assert.match(nodeOf(svg, 'api').attrs['aria-label'] ?? '', /^service api, .*findings: \d+ error/);
    assert.equal(nodeOf(svg, 'quiet').attrs['aria-label'], 'service quiet, 2 instances');
  });
});
