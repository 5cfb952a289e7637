// The action's last pull-request step, run by actions/github-script: posts the
// body diff.sh wrote as a comment on the pull request, or updates the comment
// it posted before (found by the hidden marker on its first line), so a pull
// request carries one sysdesign comment however often it is pushed to.
'use strict';
const fs = require('fs');

const MARKER = '<!-- sysdesign-diff -->';

/**
 * @param {{ github: any, context: { repo: { owner: string, repo: string }, issue: { number: number } } }} api
 *   github-script's `github` (an Octokit) and `context`
 * @param {string} bodyFile the Markdown written by diff.sh
 * @returns {Promise<{ action: 'created' | 'updated', id: number }>}
 */
async function postDiffComment({ github, context }, bodyFile) {
  const body = fs.readFileSync(bodyFile, 'utf8');
  if (!body.startsWith(MARKER)) throw new Error(`${bodyFile} does not start with ${MARKER}: it was not written by diff.sh`);
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const previous = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
  if (previous) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
    return { action: 'updated', id: previous.id };
  }
  const { data } = await github.rest.issues.createComment({ owner, repo, issue_number, body });
  return { action: 'created', id: data.id };
}

module.exports = { postDiffComment, MARKER };
