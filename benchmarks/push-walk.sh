#!/usr/bin/env bash
# What a one-commit push of a new branch costs in a long history, next to `git rev-list` answering the same
# question: 100,000 commits on origin/main and, beside it, a remote branch of 20,000 commits of unrelated history
# (as git.git's `todo`). Both costs must follow the commits the remote lacks, not the length of history.
# Usage: benchmarks/push-walk.sh [path/to/cavra-gate] [workdir]
set -euo pipefail

bench_name=push default_runs=20
source "$(dirname "$0")/setup.sh"

repo="$work/repo"
if [ ! -d "$repo/.git" ]; then
    echo "building a 100,000-commit history in $repo ..."
    git init -q -b main "$repo"
    python3 - <<'PY' | git -C "$repo" fast-import --quiet
import sys
out = sys.stdout.buffer
for branch, length in ((b"refs/remotes/origin/main", 100_000), (b"refs/remotes/origin/todo", 20_000)):
    for index in range(length):
        data = b"%s %d\n" % (branch, index)
        out.write(b"commit %s\ncommitter Bench <bench@example.invalid> %d +0000\ndata 2\nc\n" % (branch, 1_600_000_000 + index * 60))
        out.write(b"M 100644 inline file.txt\ndata %d\n%s\n" % (len(data), data))
PY
    git -C "$repo" checkout -q -b topic origin/main
    echo new >"$repo/new.txt"
    git -C "$repo" add new.txt
    git -C "$repo" -c user.name=Bench -c user.email=bench@example.invalid commit -q -m new
fi

cd "$repo"
printf 'refs/heads/topic %s refs/heads/topic %s\n' "$(git rev-parse topic)" "$(printf '0%.0s' $(seq 40))" >"$work/push"
status=0
"$bin" hook pre-push origin https://example.invalid/repo.git <"$work/push" >/dev/null 2>&1 || status=$?
[ "$status" -le 1 ] || [ "$status" -eq 3 ] || { echo "cavra-gate could not decide (exit $status)" >&2; exit 2; }

# Both run under the same shell, which feeds the push to the hook on stdin as git does.
hyperfine --warmup 2 --runs "$runs" --export-json "$work/push.json" \
    -n "git rev-list topic --not --remotes=origin" "git rev-list topic --not --remotes=origin <'$work/push'" \
    -n "cavra-gate hook pre-push (new branch, one commit)" \
    "'$bin' hook pre-push origin https://example.invalid/repo.git <'$work/push'"
python3 - "$work/push.json" <<'PY'
import json, sys
git, gate = (r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"])
print(f"median {gate:7.1f} ms vs git {git:6.1f} ms ({gate / git:.1f}x)  one-commit push beside 120,000 commits")
PY
