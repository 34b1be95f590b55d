#!/usr/bin/env bash
# Times cavra-gate against `git diff --name-status` on the same ranges of a synthetic 100k-file repository,
# in one run, and prints the ratios. Usage: benchmarks/changeset-bench.sh [path/to/cavra-gate] [workdir]
set -euo pipefail

bench_name=bench default_runs=15
source "$(dirname "$0")/setup.sh"

repo="$work/repo"
if [ ! -d "$repo/.git" ]; then
    echo "building a 100,000-file repository in $repo ..."
    git init -q -b main "$repo"
    python3 "$(dirname "$0")/synthetic-repo.py" | git -C "$repo" fast-import --quiet
    git -C "$repo" checkout -q main
fi

cd "$repo"
echo "files on main: $(git ls-tree -r --name-only main | wc -l)"
echo "changed in big: $(git diff --name-only main...big | wc -l); in small: $(git diff --name-only main...small | wc -l)"

results="$work/results"
mkdir -p "$results"
for branch in small big; do
    # A run that could not decide is not a speed: check once that the gate decides before timing it.
    status=0
    "$bin" check --base main --head "$branch" --format json --output /dev/null || status=$?
    [ "$status" -ne 2 ] || { echo "cavra-gate could not decide on main...$branch" >&2; exit 2; }
    hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$results/$branch.json" \
        -n git "git diff --name-status main...$branch" \
        -n cavra-gate "$bin check --base main --head $branch --format json --output /dev/null" \
        >/dev/null
done

python3 - "$results" <<'PY'
import json, sys, os
results = sys.argv[1]
limits = {"small": 3.0, "big": 2.0}
print(f"{'range':<8}{'git median':>14}{'cavra-gate median':>20}{'ratio':>8}{'target':>8}")
failed = False
for branch in ("small", "big"):
    data = json.load(open(os.path.join(results, f"{branch}.json")))["results"]
    medians = {r["command"]: r["median"] for r in data}
    ratio = medians["cavra-gate"] / medians["git"]
    ok = ratio <= limits[branch]
    failed |= not ok
    print(f"{branch:<8}{medians['git']*1000:>12.1f}ms{medians['cavra-gate']*1000:>18.1f}ms{ratio:>7.2f}x{'<=' + str(limits[branch]) + 'x':>8}{'' if ok else '  OVER'}")
sys.exit(1 if failed else 0)
PY
