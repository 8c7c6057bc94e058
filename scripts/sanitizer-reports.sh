#!/usr/bin/env bash
# Fails when a sanitizer wrote a report into folder $1 (make test-asan / test-tsan), printing each.
set -euo pipefail
shopt -s nullglob
reports=("$1"/*)
if [[ ${#reports[@]} -eq 0 ]]; then
  echo "sanitizers: no reports"
  exit 0
fi
for r in "${reports[@]}"; do
  echo "=== $r"
  cat "$r"
done
echo "sanitizers: ${#reports[@]} report(s) in $1" >&2
exit 1
