// The GitHub Action (action.yml), locally: its manifest is consistent (inputs,
// step ids and outputs it refers to exist; its run steps call the scripts
// under scripts/action/), and each script does its job on real files with
// the real CLI: check.sh writes the SARIF log and the exit status, diff.sh
// writes the pull-request comment from `sysdesign diff` between two commits of
// a temporary git repository, and comment.cjs posts it once and then updates
// that same comment (through an in-memory stand-in for GitHub's REST API).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/repo';
import { CLEAN, WITH_ERROR } from '../cli/helpers';

// js-yaml is in node_modules already (a dependency of the test tools); no type package for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step {
  id?: string;
  name: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionManifest {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const actionText = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
const action = yaml.load(actionText) as ActionManifest;
const SCRIPTS = path.join(repoRoot, 'scripts', 'action');
const SYSDESIGN_COMMAND = `${process.execPath} ${path.join(repoRoot, 'bin', 'sysdesign.js')}`;

/** `KEY=value` lines a step appended to $GITHUB_OUTPUT. */
function outputs(file: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) result[line.slice(0, at)] = line.slice(at + 1);
  }
  return result;
}

function runScript(script: string, cwd: string, env: Record<string, string>) {
  const output = path.join(cwd, '..', `${path.basename(cwd)}-github-output`);
  fs.writeFileSync(output, '');
  const child = spawnSync('bash', [path.join(SCRIPTS, script)], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SYSDESIGN_COMMAND, GITHUB_OUTPUT: output, NO_COLOR: '1', ...env },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, outputs: outputs(output) };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' },
  }).trim();
}

let temp: string;
before(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-action-'));
});
after(() => fs.rmSync(temp, { recursive: true, force: true }));

describe('action.yml', () => {
  it('is a composite action whose steps refer only to declared inputs, step ids and outputs', () => {
    assert.equal(action.runs.using, 'composite');
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const m of actionText.matchAll(/inputs\.([\w-]+)/g)) assert.ok(m[1] in action.inputs, `undeclared input ${m[1]}`);
    for (const m of actionText.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      assert.ok(ids.has(m[1]), `no step with id ${m[1]}`);
      // Each script writes its outputs as `name=` lines to $GITHUB_OUTPUT.
      const step = action.runs.steps.find((s) => s.id === m[1])!;
      const script = /scripts\/action\/([\w.-]+)/.exec(step.run ?? '')![1];
      assert.match(fs.readFileSync(path.join(SCRIPTS, script), 'utf8'), new RegExp(`echo "${m[2]}=`), `${script} never writes ${m[2]}`);
    }
    for (const step of action.runs.steps) {
      assert.ok(step.uses || step.shell === 'bash', `${step.name}: a composite run step needs a shell`);
      for (const m of (step.run ?? '').matchAll(/scripts\/action\/([\w.-]+)/g)) assert.ok(fs.existsSync(path.join(SCRIPTS, m[1])), m[1]);
      if (step.uses) assert.match(step.uses, /^(github\/codeql-action\/upload-sarif|actions\/github-script)@v\d+$/);
    }
    const comment = action.runs.steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    assert.match(comment.with!.script, /require\(process\.env\.COMMENT_SCRIPT\)/);
    assert.match(comment.env!.COMMENT_SCRIPT, /scripts\/action\/comment\.cjs$/);
  });
});

describe('check step (scripts/action/check.sh)', () => {
  it('writes the SARIF log and records exit status 1 for a design with errors, without failing the step', () => {
    const dir = path.join(temp, 'check-errors');
    fs.mkdirSync(path.join(dir, 'designs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'designs', 'shop.sysdesign'), WITH_ERROR);
    const r = runScript('check.sh', dir, { SYSDESIGN_PATHS: 'designs', SYSDESIGN_SARIF: 'out/sysdesign.sarif' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs['sarif-file'], 'out/sysdesign.sarif');
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'sysdesign.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    const result = log.runs[0].results.find((res: { ruleId: string }) => res.ruleId === 'unknown-property');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'designs/shop.sysdesign');
    assert.match(r.stdout, /::warning::sysdesign check found errors/);
  });

  it('records 0 for clean designs, honours max-warnings, and fails at once on unreadable input', () => {
    const dir = path.join(temp, 'check-clean');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.sysdesign'), CLEAN);
    const clean = runScript('check.sh', dir, {});
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.outputs['exit-code'], '0');
    assert.ok(fs.existsSync(path.join(dir, 'sysdesign.sarif')));

    const missing = runScript('check.sh', dir, { SYSDESIGN_PATHS: 'a.sysdesign\nnope.sysdesign' });
    assert.equal(missing.code, 2);
    assert.equal(missing.outputs['exit-code'], '2');
    assert.match(missing.stdout, /::error::sysdesign check could not run/);
  });
});

describe('pull-request steps', () => {
  let repo: string;
  let base: string;
  before(() => {
    repo = path.join(temp, 'repo');
    fs.mkdirSync(path.join(repo, 'designs'), { recursive: true });
    git(repo, 'init', '-q');
    fs.copyFileSync(path.join(repoRoot, 'samples', 'url-shortener.sysdesign'), path.join(repo, 'designs', 'shortener.sysdesign'));
    fs.writeFileSync(path.join(repo, 'README.md'), 'first\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    base = git(repo, 'rev-parse', 'HEAD');
  });

  it('with no design changed, the body says so', () => {
    fs.writeFileSync(path.join(repo, 'README.md'), 'second\n');
    git(repo, 'commit', '-q', '-am', 'prose only');
    const head = git(repo, 'rev-parse', 'HEAD');
    const r = runScript('diff.sh', repo, { BASE_SHA: base, HEAD_SHA: head, SYSDESIGN_BODY: path.join(temp, 'unchanged.md') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.outputs.changed, '0');
    const body = fs.readFileSync(path.join(temp, 'unchanged.md'), 'utf8');
    assert.ok(body.startsWith('<!-- sysdesign-diff -->\n'));
    assert.match(body, /No design file changed/);
  });

  it('action diff step: a changed design gets its `sysdesign diff` in the comment body', () => {
    // Needs the `sysdesign diff` command (OLD NEW, files or git:REF:PATH, --format markdown).
    const file = path.join(repo, 'designs', 'shortener.sysdesign');
    const text = fs.readFileSync(file, 'utf8').replace(/service redirector "Redirect and create API" \{\n {4}instances: 8/, 'service redirector "Redirect and create API" {\n    instances: 12');
    assert.notEqual(text, fs.readFileSync(file, 'utf8'), 'the sample still has the redirector this test edits');
    fs.writeFileSync(file, text);
    git(repo, 'commit', '-q', '-am', 'more redirectors');
    const head = git(repo, 'rev-parse', 'HEAD');
    const bodyFile = path.join(temp, 'changed.md');
    const r = runScript('diff.sh', repo, { BASE_SHA: base, HEAD_SHA: head, SYSDESIGN_BODY: bodyFile });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.equal(r.outputs.changed, '1');
    assert.equal(r.outputs['body-file'], bodyFile);
    const body = fs.readFileSync(bodyFile, 'utf8');
    assert.ok(body.startsWith('<!-- sysdesign-diff -->\n'));
    assert.match(body, /### `designs\/shortener\.sysdesign`/);
    assert.match(body, /redirector/);
  });
});

describe('comment step (scripts/action/comment.cjs)', () => {
  /** GitHub's issue-comment endpoints, in memory: what actions/github-script's `github` offers. */
  function fakeGitHub() {
    const comments: { id: number; body: string }[] = [{ id: 1, body: 'LGTM' }];
    const calls: string[] = [];
    const rest = {
      issues: {
        listComments: async (p: { issue_number: number }) => {
          calls.push(`list ${p.issue_number}`);
          return { data: comments.map((c) => ({ ...c })) };
        },
        createComment: async (p: { body: string }) => {
          const comment = { id: comments.length + 1, body: p.body };
          comments.push(comment);
          calls.push(`create ${comment.id}`);
          return { data: comment };
        },
        updateComment: async (p: { comment_id: number; body: string }) => {
          comments.find((c) => c.id === p.comment_id)!.body = p.body;
          calls.push(`update ${p.comment_id}`);
          return { data: {} };
        },
      },
    };
    const github = { rest, paginate: async (method: (p: never) => Promise<{ data: unknown[] }>, p: never) => (await method(p)).data };
    return { github, comments, calls };
  }

  it('posts one comment, then updates it on the next push', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { postDiffComment } = require(path.join(SCRIPTS, 'comment.cjs')) as {
      postDiffComment(api: unknown, bodyFile: string): Promise<{ action: string; id: number }>;
    };
    const { github, comments, calls } = fakeGitHub();
    const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
    const body = path.join(temp, 'comment.md');
    fs.writeFileSync(body, '<!-- sysdesign-diff -->\n## first\n');
    assert.deepEqual(await postDiffComment({ github, context }, body), { action: 'created', id: 2 });
    fs.writeFileSync(body, '<!-- sysdesign-diff -->\n## second\n');
    assert.deepEqual(await postDiffComment({ github, context }, body), { action: 'updated', id: 2 });
    assert.deepEqual(calls, ['list 7', 'create 2', 'list 7', 'update 2']);
    assert.deepEqual(comments.map((c) => c.body), ['LGTM', '<!-- sysdesign-diff -->\n## second\n']);

    fs.writeFileSync(body, '## no marker\n');
    await assert.rejects(postDiffComment({ github, context }, body), /not written by diff\.sh/);
  });
});
