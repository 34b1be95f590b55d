#!/usr/bin/env bash
# Median latency of `cavra-gate hook pre-commit` on a 20-file staged change in a 50,000-file repository, next
# to `git diff --cached --name-status` on the same index. Build first: swift build -c release --static-swift-stdlib
#
# Two indexes hold the same staged change. The usual one follows a commit, which records every folder's tree id
# in the index (its cache tree), so both tools skip unchanged folders. The other was built by `git add` of every
# file and records no tree ids, so both must open and compare every folder's tree: the slowest case.
#
# BENCH_LEDGER=1 also times the hook in a copy of the repository with `git config cavra.ledger true`, next to the
# same copy without the setting, so the two differ only in the ledger (docs/ledger.md): each run then appends
# one row to .git/cavra/ledger.sqlite.
# Usage: benchmarks/pre-commit-latency.sh [path/to/cavra-gate] [workdir]
set -euo pipefail

bench_name=precommit default_runs=30
source "$(dirname "$0")/setup.sh"

repo="$work/repo"
if [ ! -d "$repo/.git" ]; then
    echo "building a 50,000-file repository in $repo ..."
    git init -q -b main "$repo"
    python3 - <<'PY' | git -C "$repo" fast-import --quiet
import sys
out = sys.stdout.buffer
paths = [f"src/m{m:02}/p{p:02}/f{f:03}.txt" for m in range(50) for p in range(10) for f in range(100)]
for mark, path in enumerate(paths, 1):
    data = f"{path}\n".encode()
    out.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
out.write(b"commit refs/heads/main\ncommitter Bench <bench@example.invalid> 1700000000 +0000\ndata 10\n50k files\n")
for mark, path in enumerate(paths, 1):
    out.write(b"M 100644 :%d %s\n" % (mark, path.encode()))
out.write(b"\n")
PY
    git -C "$repo" checkout -q main
    git -C "$repo" -c user.name=Bench -c user.email=bench@example.invalid commit -q --allow-empty -m previous
    # The staged change: 20 files spread over the tree, 15 edited and 5 added, staged by name as a developer
    # would (`git add -A` would also re-stage files the checkout wrote less than a second before the index).
    staged=()
    for m in $(seq 0 14); do staged+=("src/m$(printf %02d $((m * 3)))/p05/f050.txt"); done
    for n in $(seq 1 5); do staged+=("src/m4$n/p01/new$n.txt"); done
    for path in "${staged[@]}"; do printf 'staged\n' >>"$repo/$path"; done
    git -C "$repo" add -- "${staged[@]}"
    GIT_INDEX_FILE="$work/index-without-tree-ids" git -C "$repo" add -A
fi

cd "$repo"
echo "files: $(git ls-files | wc -l), staged: $(git diff --cached --name-only | wc -l)"
# A run that could not decide is not a speed: the hook must pass on this harmless change before it is timed.
"$bin" hook pre-commit >/dev/null
without_tree_ids="env GIT_INDEX_FILE=$work/index-without-tree-ids"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/pre-commit.json" \
    -n 'cavra-gate hook pre-commit (after a commit)' "$bin hook pre-commit" \
    -n 'git diff --cached --name-status (after a commit)' 'git diff --cached --name-status' \
    -n 'cavra-gate hook pre-commit (no tree ids)' "$without_tree_ids $bin hook pre-commit" \
    -n 'git diff --cached --name-status (no tree ids)' "$without_tree_ids git diff --cached --name-status"
python3 - "$work/pre-commit.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for gate, git in zip(results[0::2], results[1::2]):
    print(f"median {gate['median'] * 1000:6.1f} ms vs git {git['median'] * 1000:6.1f} ms "
          f"({gate['median'] / git['median']:.1f}x)  {gate['command']}")
PY

if [ "${BENCH_LEDGER:-0}" = 1 ]; then
    # Hard links: the copy shares the 50,000 files and objects; git config replaces its own config file by rename.
    for variant in plain ledger; do
        [ -d "$work/$variant/.git" ] || cp -al "$repo" "$work/$variant"
    done
    git -C "$work/ledger" config cavra.ledger true
    git -C "$work/plain" config --unset cavra.ledger || true
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/pre-commit-ledger.json" \
        -n 'hook pre-commit without a ledger' "env --chdir=$work/plain $bin hook pre-commit" \
        -n 'hook pre-commit with cavra.ledger true' "env --chdir=$work/ledger $bin hook pre-commit"
    "$bin" ledger verify --repo "$work/ledger"
    python3 - "$work/pre-commit-ledger.json" <<'PY'
import json, sys
without, with_ledger = json.load(open(sys.argv[1]))["results"]
print(f"median without a ledger {without['median'] * 1000:6.2f} ms, with {with_ledger['median'] * 1000:6.2f} ms "
      f"({(with_ledger['median'] - without['median']) * 1000:+.2f} ms)")
PY
fi
