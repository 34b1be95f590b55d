#!/usr/bin/env bash
# Times how cavra-gate's file readers scale: for each kind, a file of about 100 KB and one of about 1 MB is
# committed to a scratch repository and `cavra-gate check --commit` judges it; prints microseconds per KB at both
# sizes, which stay close together when the reader is linear.
# Usage: benchmarks/reader-scaling.sh [path/to/cavra-gate] [kind ...]
#   (kinds: shell jenkinsfile makefile dockerfile packagejson; default all)
set -euo pipefail

bin=$(realpath "${1:-.build/release/cavra-gate}")
[ -x "$bin" ] || { echo "no cavra-gate at $bin: run make build first" >&2; exit 2; }
shift || true

# Each kind: the path its file gets, a header written once, and a unit repeated to reach the size.
# Add a kind by adding its three entries here.
declare -A path header unit
path[shell]=deploy.sh
header[shell]=$'#!/bin/sh\nset -eu\n'
unit[shell]=$'echo hi; X="$(date)"; if [ -n "$X" ]; then printf \'%s\\n\' "$X" | tee -a log.txt; fi\n'
path[jenkinsfile]=Jenkinsfile
header[jenkinsfile]=$'pipeline {\n  agent any\n  stages {\n'
unit[jenkinsfile]=$'    stage(\'build\') { steps { sh \'make build && echo "done"\'; sh """\n      ./gradlew test\n    """ } }\n'
# The Makefile unit uses variables, a define block, a call, a rule-line recipe and a continued recipe line.
path[makefile]=Makefile
header[makefile]=$'CC ?= cc\nFLAGS := -O2\ndefine BUILD\n$(CC) $(FLAGS) -c $(1)\nendef\n'
unit[makefile]=$'obj@N@: src ; $(call BUILD,src.c)\n\t@echo "$(FLAGS)" \\\n\t  && $(MAKE) -C sub $$HOME\n'
path[dockerfile]=Dockerfile
header[dockerfile]=$'# syntax=docker/dockerfile:1\nFROM debian:12\n'
unit[dockerfile]=$'RUN apt-get update \\\n    # cache\n    && apt-get install -y curl\nRUN <<EOF\necho built\nEOF\nENV A=1\n'
path[packagejson]=package.json
header[packagejson]=$'{\n  "name": "bench",\n  "scripts": {\n'
unit[packagejson]=$'    "build@N@": "tsc -p . && node dist/index.js",\n'

kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(shell jenkinsfile makefile dockerfile packagejson)

work=$(mktemp -d /tmp/cavra-readers.XXXXXX)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

# Writes header + unit repeated until the file holds at least $2 bytes; @N@ in a unit is its number.
generate() {
    local kind=$1 bytes=$2 file=$3
    local count=$(( (bytes + ${#unit[$kind]} - 1) / ${#unit[$kind]} ))
    { printf '%s' "${header[$kind]}"; for ((i = 0; i < count; i++)); do printf '%s' "${unit[$kind]//@N@/$i}"; done
      case $kind in
          jenkinsfile) printf '  }\n}\n' ;;
          packagejson) printf '    "test": "jest"\n  }\n}\n' ;;
      esac; } > "$file"
}

printf '%-14s%14s%14s\n' kind 'µs/KB 100KB' 'µs/KB 1MB'
for kind in "${kinds[@]}"; do
    [ -n "${path[$kind]:-}" ] || { echo "unknown kind: $kind" >&2; exit 2; }
    row=$(printf '%-14s' "$kind")
    for size in 102400 1048576; do
        repo="$work/$kind-$size"
        git init -q -b main "$repo"
        git -C "$repo" -c user.name=b -c user.email=b@example.invalid commit -q --allow-empty -m base
        mkdir -p "$repo/$(dirname "${path[$kind]}")"
        generate "$kind" "$size" "$repo/${path[$kind]}"
        git -C "$repo" add -A
        git -C "$repo" -c user.name=b -c user.email=b@example.invalid commit -q -m change
        actual=$(wc -c < "$repo/${path[$kind]}")
        start=$(date +%s%N)
        status=0
        (cd "$repo" && "$bin" check --commit HEAD --format json --output /dev/null) || status=$?
        end=$(date +%s%N)
        [ "$status" -ne 2 ] || { echo "cavra-gate could not decide on the $kind file of $size bytes" >&2; exit 2; }
        row+=$(printf '%14.1f' "$(echo "($end - $start) / 1000 / ($actual / 1024)" | bc -l)")
    done
    echo "$row"
done
