#!/usr/bin/env bash
# Measures Pantau's first start on SQLite: loading the bundled region list (91,599 rows) and the
# boundaries into a new database file, as `pantau serve` does on a fresh machine.
#
#   bash Benchmarks/first-start.sh [runs]
#
# Builds the release binary, then for each run creates an empty database in a temporary folder,
# runs `pantau migrate` and prints the times it reports; finally the median of each.
set -euo pipefail
runs="${1:-5}"
cd "$(dirname "$0")/.."
swift build -c release --product pantau >/dev/null
binary="$(swift build -c release --show-bin-path)/pantau"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
regions=() boundaries=()
for run in $(seq 1 "$runs"); do
    rm -f "$work"/pantau.sqlite*
    output="$(PANTAU_DATABASE_URL="$work/pantau.sqlite" PANTAU_LOG_LEVEL=error "$binary" migrate)"
    r="$(sed -n 's/^Loaded 91599 regions in \([0-9.]*\) s\.$/\1/p' <<<"$output")"
    b="$(sed -n 's/^Loaded [0-9]* region boundaries in \([0-9.]*\) s\.$/\1/p' <<<"$output")"
    echo "run $run: regions ${r} s, boundaries ${b} s"
    regions+=("$r") boundaries+=("$b")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median over $runs runs: regions $(median "${regions[@]}") s, boundaries $(median "${boundaries[@]}") s"
