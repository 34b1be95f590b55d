# Sourced by the benchmarks after they set default_runs and a name for their work folder: reads the arguments
# [path/to/cavra-gate] [workdir] into bin, work and runs (BENCH_RUNS overrides), checks hyperfine and the binary,
# and keeps the user's and system's git configuration out of both tools' way.
bin=$(realpath "${1:-.build/release/cavra-gate}")
work=${2:-$(mktemp -d "/tmp/cavra-$bench_name.XXXXXX")}
runs=${BENCH_RUNS:-$default_runs}
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 2; }
[ -x "$bin" ] || { echo "no cavra-gate at $bin: run make build first" >&2; exit 2; }
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
