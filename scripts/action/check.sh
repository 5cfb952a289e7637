#!/usr/bin/env bash
# The action's check step: `sysdesign check --format sarif` on the given paths,
# written to a SARIF file for code scanning. The step itself does not fail on
# findings (the SARIF must still be uploaded); it records the exit status as
# the output `exit-code`, and action.yml's last step fails the job when asked.
# An exit status of 2 (bad usage, unreadable input) fails at once.
#
# Environment:
#   SYSDESIGN_COMMAND  how to run sysdesign (default "sysdesign"; e.g. "node path/bin/sysdesign.js")
#   SYSDESIGN_PATHS    files or folders, separated by spaces or newlines (default ".")
#   SYSDESIGN_SARIF    the SARIF file to write (default sysdesign.sarif)
#   SYSDESIGN_MAX_WARNINGS  passed as --max-warnings when set
#   GITHUB_OUTPUT      where step outputs go (set by GitHub Actions)
set -uo pipefail

read -r -a command <<<"${SYSDESIGN_COMMAND:-sysdesign}"
read -r -d '' -a paths <<<"${SYSDESIGN_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
sarif="${SYSDESIGN_SARIF:-sysdesign.sarif}"
extra=()
[ -n "${SYSDESIGN_MAX_WARNINGS:-}" ] && extra+=(--max-warnings "$SYSDESIGN_MAX_WARNINGS")

mkdir -p "$(dirname "$sarif")"
"${command[@]}" check --format sarif "${extra[@]}" -- "${paths[@]}" >"$sarif"
status=$?
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "sarif-file=$sarif" >>"${GITHUB_OUTPUT:-/dev/null}"

case "$status" in
  0) echo "sysdesign: no errors in ${paths[*]}" ;;
  1) echo "::warning::sysdesign check found errors (or more warnings than allowed); see the code scanning alerts" ;;
  *) echo "::error::sysdesign check could not run (exit status $status)"; exit "$status" ;;
esac
exit 0
