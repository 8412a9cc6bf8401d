#!/usr/bin/env bash
# Speed of the early-warning detectors at national scale (issue 13 §4): every default rule over
# every area of Indonesia on the 1,000,000-report database of Benchmarks/reports, and the
# incremental pass that runs after one report changes.
#
#   bash Benchmarks/early-warning/run.sh
#
# Needs Benchmarks/reports/work/pristine.sqlite (made by `bash Benchmarks/reports/run.sh`, which
# keeps it). Settings (environment):
#   BENCH_WORK   folder of the reports benchmark (default Benchmarks/reports/work)
#   BENCH_BUILD  release (default) or debug
#   BENCH_RUNS   passes of each kind (default 5)
#   BENCH_SKIP_CHECK  set to skip `pantau counts check` (about a minute at 1M reports)
#   BENCH_KEEP   set to keep work/early-warning.sqlite afterwards (for EXPLAIN QUERY PLAN)
#
# Steps: copy the database, `pantau migrate` (fills the daily counts from the reports, seeds the
# default rules for jurisdiction ID), `pantau alerts evaluate` BENCH_RUNS times (the first raises
# the alerts, the others find them raised: the steady state of the hourly pass), then for the
# incremental pass one changed kab/kota day is marked, as a report write marks it, and
# `pantau alerts evaluate --changed` evaluates it. Each command prints the time of the pass
# itself, measured inside the process.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(realpath -m "${BENCH_WORK:-Benchmarks/reports/work}")"
config="${BENCH_BUILD:-release}"
runs="${BENCH_RUNS:-5}"
pristine="$work/pristine.sqlite"
[[ -f "$pristine" ]] || { echo "$pristine is missing: run bash Benchmarks/reports/run.sh once" >&2; exit 1; }
scratch="$PWD/.build-bench"; [[ "$config" == debug ]] && scratch="$PWD/.build"
build=(swift build -c "$config" --product pantau --scratch-path "$scratch")
"${build[@]}" 2>&1 | tail -1
pantau="$("${build[@]}" --show-bin-path)/pantau"
db="$work/early-warning.sqlite"
rm -f "$db" "$db"-wal "$db"-shm
cp "$pristine" "$db"
export PANTAU_DATABASE_URL="$db" PANTAU_JURISDICTION=ID PANTAU_LOG_LEVEL=warning PANTAU_DATA_DIR="$work/data"
echo "== migrate (daily counts from $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM reports').fetchone()[0])" "$db") reports)"
/usr/bin/time -f "   %e s, %M KB" "$pantau" migrate
# A database generated at the current schema (generate.py writes reports directly) has no daily
# counts yet: fill them as `pantau counts rebuild` would after a restore.
if [[ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM report_day_totals').fetchone()[0])" "$db")" == 0 ]]; then
    echo "== counts rebuild (the generated database has no daily counts)"
    /usr/bin/time -f "   %e s, %M KB" "$pantau" counts rebuild
    python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA optimize=0x10002')" "$db"
fi
[[ -n "${BENCH_SKIP_CHECK:-}" ]] || "$pantau" counts check
echo "== full pass, every rule over every area ($runs runs)"
for _ in $(seq "$runs"); do "$pantau" alerts evaluate; done
echo "== incremental pass after one change, in a new process ($runs runs)"
mark() {  # marks the N busiest kab/kota of yesterday as changed, as report writes mark them
    python3 - "$db" "$1" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
day = (int(time.time()) + 25200) // 86400 - 1
rows = db.execute("SELECT region_kode FROM report_day_totals WHERE level = 2 AND day = ? GROUP BY region_kode ORDER BY SUM(n) DESC LIMIT ?", (day, int(sys.argv[2]))).fetchall()
db.executemany("INSERT OR IGNORE INTO report_day_changes (region_kode, day) VALUES (?, ?)", [(r[0], day) for r in rows])
db.commit()
PY
}
for _ in $(seq "$runs"); do mark 1; "$pantau" alerts evaluate --changed; done
echo "== incremental pass over 100 changed kab/kota days in one process (cost per change = time / 100)"
for _ in $(seq "$runs"); do mark 100; "$pantau" alerts evaluate --changed; done
[[ -n "${BENCH_KEEP:-}" ]] || rm -f "$db" "$db"-wal "$db"-shm
