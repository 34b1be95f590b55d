#!/usr/bin/env python3
"""Replays the last N non-merge commits of repositories through `cavra-gate check --commit`, as a judge of the
gate on real material: counts by status, decision and rule, the slowest runs, and every run that could not decide
or crashed. Usage: benchmarks/replay-history.py BIN [--commits N] [--sample K] REPO..."""
import argparse
import collections
import json
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("bin")
parser.add_argument("repos", nargs="+")
parser.add_argument("--commits", type=int, default=300)
parser.add_argument("--sample", type=int, default=3, help="denied findings to print per rule")
args = parser.parse_args()

for repo in args.repos:
    commits = subprocess.run(["git", "-C", repo, "rev-list", "--no-merges", f"-n{args.commits}", "HEAD"],
                             check=True, capture_output=True, text=True).stdout.split()
    statuses, rules, samples, errors, slow = collections.Counter(), collections.Counter(), {}, [], []
    for commit in commits:
        start = time.monotonic()
        run = subprocess.run([args.bin, "check", "--repo", repo, "--commit", commit, "--format", "json"],
                             capture_output=True, text=True)
        elapsed = time.monotonic() - start
        slow.append((elapsed, commit))
        if run.returncode not in (0, 1, 3):
            errors.append((commit, run.returncode, (run.stderr or run.stdout).strip().splitlines()[-1:]))
            statuses["exit %d" % run.returncode] += 1
            continue
        result = json.loads(run.stdout)
        statuses[result["status"]] += 1
        for finding in result["findings"]:
            key = (finding["decision"], finding["rule_id"])
            rules[key] += 1
            if finding["decision"] != "allow":
                samples.setdefault(key, [])
                if len(samples[key]) < args.sample:
                    where = f'{finding.get("path")}:{finding.get("line") or ""}'
                    samples[key].append(f'{commit[:10]} {where} {finding.get("command") or ""}'[:160])
    slow.sort(reverse=True)
    print(f"== {repo}: {len(commits)} commits; status {dict(statuses)}; slowest {slow[0][0]:.2f} s ({slow[0][1][:10]})")
    for (decision, rule), count in sorted(rules.items(), key=lambda item: -item[1]):
        print(f"   {count:5d} {decision:17s} {rule}")
        for sample in samples.get((decision, rule), []):
            print(f"           {sample}")
    for commit, code, message in errors:
        print(f"   could not decide {commit[:10]} (exit {code}): {' '.join(message)}")
