#!/usr/bin/env bash
# The action's pull-request step: for each .sysdesign file that changed
# between the base and head commits, `sysdesign diff OLD NEW --format
# markdown`, gathered into one comment body (Markdown) that starts with a
# hidden marker, so comment.cjs updates the same comment on every push.
# An added file is compared with an empty design, a deleted one with an empty
# design as NEW; a renamed one from its old path to its new one.
#
# Environment:
#   SYSDESIGN_COMMAND  how to run sysdesign (default "sysdesign")
#   SYSDESIGN_PATHS    only files under these paths (default ".": every changed design)
#   BASE_SHA, HEAD_SHA the commits to compare (the pull request's base and head)
#   SYSDESIGN_BODY     the comment body file to write (default sysdesign-diff.md)
#   GITHUB_OUTPUT      gets `changed=<count>` and `body-file=<path>`
#
# Run inside the repository. Exit status: 0 when the body was
# written (or no design changed), else sysdesign's or git's failure.
set -euo pipefail

: "${BASE_SHA:?BASE_SHA (the base commit) is not set}"
: "${HEAD_SHA:?HEAD_SHA (the head commit) is not set}"
read -r -a command <<<"${SYSDESIGN_COMMAND:-sysdesign}"
read -r -d '' -a paths <<<"${SYSDESIGN_PATHS:-.}" || true
[ "${#paths[@]}" -gt 0 ] || paths=(.)
body="${SYSDESIGN_BODY:-sysdesign-diff.md}"
marker='<!-- sysdesign-diff -->'

# Both versions are read from git (the working tree may be the merge commit
# GitHub checks out for a pull request); a shallow checkout may lack them.
for sha in "$BASE_SHA" "$HEAD_SHA"; do
  if ! git cat-file -e "$sha^{commit}" 2>/dev/null; then
    git fetch --no-tags --depth=1 origin "$sha"
  fi
done

empty="$(mktemp "${TMPDIR:-/tmp}/sysdesign-empty.XXXXXX")"
section="$(mktemp "${TMPDIR:-/tmp}/sysdesign-section.XXXXXX")"
trap 'rm -f "$empty" "$section"' EXIT

pathspecs=()
for p in "${paths[@]}"; do
  p="${p%/}"
  if [ "$p" = "." ]; then pathspecs+=(':(glob)**/*.sysdesign');
  elif [[ "$p" == *.sysdesign ]]; then pathspecs+=("$p");
  else pathspecs+=(":(glob)$p/**/*.sysdesign"); fi
done

{
  echo "$marker"
  echo "## Sysdesign: design changes"
  echo
} >"$body"

changed=0
while IFS=$'\t' read -r status first second; do
  [ -n "$status" ] || continue
  case "$status" in
    A) old="$empty"; new="git:$HEAD_SHA:$first"; name="$first (added)" ;;
    D) old="git:$BASE_SHA:$first"; new="$empty"; name="$first (deleted)" ;;
    R*) old="git:$BASE_SHA:$first"; new="git:$HEAD_SHA:$second"; name="$first → $second" ;;
    *) old="git:$BASE_SHA:$first"; new="git:$HEAD_SHA:$first"; name="$first" ;;
  esac
  # Status 1 means the new version adds an error: still a diff to post.
  set +e
  "${command[@]}" diff --format markdown -- "$old" "$new" >"$section"
  code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "::error::sysdesign diff failed on $name (exit status $code)"
    exit "$code"
  fi
  # sysdesign diff's own title names the two versions (commit hashes, a
  # temporary empty file); under one heading per file it is dropped, and its
  # sections go one level down.
  {
    echo "### \`$name\`"
    echo
    sed -e '1{/^## /d}' -e 's/^### /#### /' "$section"
    echo
  } >>"$body"
  changed=$((changed + 1))
done < <(git diff --name-status -M "$BASE_SHA" "$HEAD_SHA" -- "${pathspecs[@]}")

if [ "$changed" -eq 0 ]; then
  echo "No design file changed in this pull request." >>"$body"
fi
echo "changed=$changed" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "body-file=$body" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "sysdesign: $changed changed design file(s); comment body in $body"
