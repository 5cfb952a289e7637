// The fences of a Markdown text (ide/markdown-fences.ts) and the injection
// grammar that highlights them (syntaxes/sysdesign.markdown.tmLanguage.json,
// registered in package.json to inject into Markdown).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { blankOutsideFences, insideFence, sysdesignFences } from '../../src/ide/markdown-fences';
import { repoRoot } from '../helpers/repo';

const MD = [
  '# Title', // 0
  '```sysdesign', // 1
  'system a {}', // 2
  '```', // 3
  '   ~~~~ SysDesign extra words', // 4
  'system b {', // 5
  '~~~', // 6  too short: not a closing fence
  '}', // 7
  '~~~~~', // 8
  '````js', // 9
  '```sysdesign', // 10 inside a js fence: not an opening
  '````', // 11
  '    ```sysdesign', // 12 indented four: code, not a fence
  '```sysdesignx', // 13 another language
  'text', // 14
  '```', // 15
  '```sysdesign', // 16 unclosed: runs to the end
  'system c {}',
].join('\n');

describe('sysdesign fences in Markdown', () => {
  test('found as CommonMark reads them', () => {
    const fences = sysdesignFences(MD);
    const contents = fences.map((f) => MD.slice(f.start, f.end));
    assert.deepEqual(contents, ['system a {}\n', 'system b {\n~~~\n}\n', 'system c {}']);
  });

  test('blanking keeps every offset and line, and only fence text', () => {
    const blank = blankOutsideFences(MD);
    assert.equal(blank.length, MD.length);
    assert.deepEqual(blank.split('\n').map((l) => l.length), MD.split('\n').map((l) => l.length));
    assert.equal(blank.replace(/\s+/g, ' ').trim(), 'system a {} system b { ~~~ } system c {}');
    const crlf = '```sysdesign\r\nsystem a {}\r\n```\r\nprose\r\n';
    assert.equal(blankOutsideFences(crlf), '            \r\nsystem a {}\r\n   \r\n     \r\n');
  });

  test('insideFence', () => {
    const fences = sysdesignFences(MD);
    assert.ok(insideFence(fences, MD.indexOf('system a')));
    assert.ok(!insideFence(fences, MD.indexOf('# Title')));
    assert.ok(!insideFence(fences, MD.indexOf('text')));
  });
});

describe('the Markdown injection grammar', () => {
  interface Rule { begin: string; end: string; patterns: { begin: string; while: string; contentName: string; patterns: { include: string }[] }[] }
  const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, 'syntaxes', 'sysdesign.markdown.tmLanguage.json'), 'utf8')) as {
    scopeName: string; injectionSelector: string; repository: Record<string, Rule>;
  };
  const fence = grammar.repository['sysdesign-fence']!;
  // The grammar's regexes keep to what Oniguruma and JavaScript share (as the main grammar's test requires); `\G` is Oniguruma's only.
  const js = (source: string) => new RegExp(source.replace(/\\G/g, '(?!)').replace(/\(\?i:/g, '(?:'), 'i');

  test('is registered to inject into Markdown, with the fence content embedded as sysdesign', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: Record<string, unknown>[] } };
    const entry = manifest.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
    assert.ok(entry, 'package.json lists the grammar');
    assert.deepEqual(entry.injectTo, ['text.html.markdown']);
    assert.deepEqual(entry.embeddedLanguages, { 'meta.embedded.block.sysdesign': 'sysdesign' });
    assert.equal(path.normalize(entry.path as string), path.normalize('./syntaxes/sysdesign.markdown.tmLanguage.json'));
    assert.equal(grammar.injectionSelector, 'L:text.html.markdown');
    assert.equal(fence.patterns[0]!.contentName, 'meta.embedded.block.sysdesign');
    assert.deepEqual(fence.patterns[0]!.patterns, [{ include: 'source.sysdesign' }]);
  });

  test('opens on sysdesign fences only', () => {
    const begin = js(fence.begin);
    for (const line of ['```sysdesign', '~~~sysdesign', '   ```` sysdesign title="x"', '```SysDesign']) assert.ok(begin.test(line), line);
    for (const line of ['```js', '```sysdesignx', '    ```sysdesign', '``sysdesign', 'sysdesign', '```sysdesign `x`']) assert.ok(!begin.test(line), line);
  });

  test('closes on a fence of its own marker and keeps the content going until then', () => {
    // The end refers to the opening's marker (capture 3); substitute the marker each case opened with.
    const endFor = (marker: string) => js(fence.end.replace('\\3', marker.replace(/[`~]/g, (c) => `\\${c}`)));
    assert.ok(endFor('```').test('```') && endFor('```').test('  ````'), 'a backtick fence closes on backticks, as long or longer');
    assert.ok(!endFor('```').test('~~~'), '`~~~` does not close a backtick fence');
    assert.ok(endFor('~~~').test('~~~') && !endFor('~~~').test('```'));
    assert.ok(!endFor('```').test('``` not a close'));
    const content = js(fence.patterns[0]!.while);
    for (const line of ['```', '  ````', '~~~']) assert.ok(!content.test(line), `${line} ends the content`);
    for (const line of ['system a {', '  service api', '', '```sysdesign inside?']) assert.ok(content.test(line), `${line} is content`);
  });
});
