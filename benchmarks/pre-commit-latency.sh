#!/usr/bin/env bash
# Median latency of `cavra-gate hook pre-commit` on a 20-file staged change in a 50,000-file repository, next
# to `git diff --cached --name-status` on the same index. Build first: swift build -c release --static-swift-stdlib
# Usage: benchmarks/pre-commit-latency.sh [path/to/cavra-gate] [workdir]
set -euo pipefail

bin=$(realpath "${1:-.build/release/cavra-gate}")
work=${2:-$(mktemp -d /tmp/cavra-precommit.XXXXXX)}
runs=${BENCH_RUNS:-30}
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 2; }
[ -x "$bin" ] || { echo "no cavra-gate at $bin: run swift build -c release --static-swift-stdlib first" >&2; exit 2; }

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
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
    # The staged change: 20 files spread over the tree, 15 edited and 5 added.
    for m in $(seq 0 14); do printf 'edited\n' >>"$repo/src/m$(printf %02d $((m * 3)))/p05/f050.txt"; done
    for n in $(seq 1 5); do printf 'new %s\n' "$n" >"$repo/src/m4$n/p01/new$n.txt"; done
    git -C "$repo" add -A
fi

cd "$repo"
echo "files: $(git ls-files | wc -l), staged: $(git diff --cached --name-only | wc -l)"
# A run that could not decide is not a speed: the hook must pass on this harmless change before it is timed.
"$bin" hook pre-commit >/dev/null
hyperfine --warmup 3 --runs "$runs" --export-json "$work/pre-commit.json" \
    -n 'cavra-gate hook pre-commit' "$bin hook pre-commit" \
    -n 'git diff --cached --name-status' 'git diff --cached --name-status'
python3 - "$work/pre-commit.json" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print(f"median {result['median'] * 1000:7.1f} ms  {result['command']}")
PY
