#!/usr/bin/env bash
# §7 speed benchmark of incident reports on SQLite: 1,000,000 reports over all of Indonesia, then
#   1. creation rate: wrk POSTing /api/v1/reports, next to wrk on /health, same server, same run,
#      same duration and connections;
#   2. p50/p95 of the report list (API, first page, two filters) for a provinsi and a kota user;
#   3. p50/p95 of the Situasi dashboard (/situasi, HTML) for the provinsi and the kota, default
#      30 days and 365 days.
#
#   bash Benchmarks/reports/run.sh
#
# Needs: swift, python3, wrk (apt-get install -y wrk). Settings (environment):
#   BENCH_WORK      folder for databases and logs (default Benchmarks/reports/work, git-ignored *.sqlite)
#   BENCH_REPORTS   reports to generate (default 1000000)
#   BENCH_DURATION  wrk duration per endpoint (default 30s);  BENCH_THREADS (2), BENCH_CONNECTIONS (16)
#   BENCH_SAMPLES   sequential requests per latency case (default 300)
#   BENCH_PROV      provinsi of the provinsi user (default 35, Jawa Timur, one of the two largest)
#   BENCH_KOTA      kota of the kota user (default 36.73, Kota Serang)
#   BENCH_MAX_AGE_DAYS  regenerate the database when older (default 3: the dashboard's window is "now")
#   BENCH_EXTRA_SQL a SQL file applied to the run's copy before the server starts (index experiments)
#   BENCH_ONLY      run only the latency cases whose name contains this text (e.g. "situasi")
#   BENCH_SOURCE    what to build: the working tree (default) or a git revision such as HEAD, exported
#                   with `git archive` to work/src (for when the working tree is mid-edit)
#
# The generated database (work/pristine.sqlite, ~1.4 GB) is kept and reused; each run works on a
# fresh copy (work/bench.sqlite), so the reports POSTed by one run do not pile up.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/reports
work="$(realpath -m "${BENCH_WORK:-$here/work}")"
reports="${BENCH_REPORTS:-1000000}"
duration="${BENCH_DURATION:-30s}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-16}"
samples="${BENCH_SAMPLES:-300}"
prov="${BENCH_PROV:-35}"
kota="${BENCH_KOTA:-36.73}"
max_age="${BENCH_MAX_AGE_DAYS:-3}"
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

package="$PWD"
if [[ -n "${BENCH_SOURCE:-}" ]]; then
    package="$work/src"
    rev="$(git rev-parse "$BENCH_SOURCE^{commit}")"
    if [[ "$(cat "$package/.bench-rev" 2>/dev/null)" != "$rev" ]]; then  # unchanged sources keep their build
        rm -rf "$package"; mkdir -p "$package"
        git archive "$rev" | tar -x -C "$package"
        if [[ -f Package.resolved ]]; then cp Package.resolved "$package/"; fi
        echo "$rev" > "$package/.bench-rev"
    fi
    echo "== build $BENCH_SOURCE ($(git rev-parse --short "$BENCH_SOURCE")) (release, scratch path .build-bench)"
else
    echo "== build working tree (release, scratch path .build-bench)"
fi
build=(swift build -c release --product pantau --package-path "$package" --scratch-path "$PWD/.build-bench")
"${build[@]}" 2>&1 | tail -1
pantau="$("${build[@]}" --show-bin-path)/pantau"

export PANTAU_JURISDICTION=ID PANTAU_BCRYPT_COST=10 PANTAU_LOG_LEVEL=warning PANTAU_DATA_DIR="$work/data"
export PANTAU_PASSWORD='Uji-Beban-2026!kata-sandi'
pristine="$work/pristine.sqlite"
stamp="$pristine.generated"
fresh=0
if [[ -f "$stamp" ]]; then
    age=$(( ($(date +%s) - $(head -1 "$stamp")) / 86400 ))
    count="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM reports').fetchone()[0])" "$pristine" 2>/dev/null || echo 0)"
    if (( age <= max_age )) && [[ "$count" == "$reports" ]]; then fresh=1; fi
fi
if (( ! fresh )); then
    echo "== database: migrate, users, $reports reports"
    rm -f "$pristine" "$pristine"-wal "$pristine"-shm "$stamp"
    PANTAU_DATABASE_URL="$pristine" "$pantau" migrate
    export PANTAU_DATABASE_URL="$pristine"
    "$pantau" users create --username bench_lapangan --role monitor --region ID --name "Pemantau Uji Beban"
    "$pantau" users create --username bench_prov --role analyst --region "$prov" --name "Analis Provinsi"
    "$pantau" users create --username bench_kota --role analyst --region "$kota" --name "Analis Kota"
    unset PANTAU_DATABASE_URL
    python3 "$here/generate.py" "$pristine" --reports "$reports" --author bench_lapangan
    # generate.py writes the tables directly: the kept counts (daily counts, open follow-ups) are
    # filled as after a restore.
    PANTAU_DATABASE_URL="$pristine" "$pantau" counts rebuild
else
    echo "== database: reusing $pristine ($count reports, generated $age day(s) ago)"
fi

db="$work/bench.sqlite"
rm -f "$db" "$db"-wal "$db"-shm
cp "$pristine" "$db"
export PANTAU_DATABASE_URL="$db"
# A pristine database made before the counts were rebuilt after generation has none.
if [[ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM report_day_totals').fetchone()[0])" "$db")" == 0 ]]; then
    "$pantau" counts rebuild
fi
if [[ -n "${BENCH_EXTRA_SQL:-}" ]]; then
    echo "== applying $BENCH_EXTRA_SQL"
    python3 - "$db" "$BENCH_EXTRA_SQL" <<'EOF'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
t = time.time(); db.executescript(open(sys.argv[2]).read()); print(f"   done in {time.time() - t:.1f} s")
EOF
fi
# The ministry's view: a national analyst, made on the run's copy so an older pristine database serves too.
"$pantau" users create --username bench_nas --role analyst --region ID --name "Analis Nasional" >/dev/null
token() { "$pantau" tokens create --username "$1" --name benchmark | grep -Eo 'pantau_[A-Za-z0-9_-]+' | head -1; }
poster_token="$(token bench_lapangan)"
prov_token="$(token bench_prov)"
kota_token="$(token bench_kota)"
nas_token="$(token bench_nas)"
# 2,000 desa for the POSTs to land on, anywhere in Indonesia.
python3 - "$db" "$work/codes.lua" <<'EOF'
import random, sqlite3, sys
codes = [k for (k,) in sqlite3.connect(sys.argv[1]).execute("SELECT kode FROM regions WHERE level = 4")]
random.seed(11)
open(sys.argv[2], "w").write("codes = {" + ",".join(f'"{c}"' for c in random.sample(codes, 2000)) + "}\n")
EOF
before="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT MAX(id) FROM reports').fetchone()[0])" "$db")"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "== serve on 127.0.0.1:$port"
PANTAU_PORT="$port" "$pantau" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null

rate() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }
echo "== machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GB RAM; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== wrk /health  (-t$threads -c$connections -d$duration)"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/health" >"$work/wrk-health.txt"
grep -E "Requests/sec|Latency  |99%|Non-2xx|Socket errors" "$work/wrk-health.txt" || true
echo "== wrk POST /api/v1/reports  (-t$threads -c$connections -d$duration)"
BENCH_TOKEN="$poster_token" BENCH_CODES="$work/codes.lua" BENCH_RUN="$(date +%s)" \
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/post.lua" "http://127.0.0.1:$port/api/v1/reports" >"$work/wrk-create.txt"
grep -E "Requests/sec|Latency  |99%|Non-2xx|Socket errors" "$work/wrk-create.txt" || true
sleep 2  # let requests still in flight when wrk stopped finish
kill -0 "$server" 2>/dev/null || { echo "the server died during the load test; see $work/serve.log" >&2; exit 1; }
health_rate="$(rate "$work/wrk-health.txt")"
create_rate="$(rate "$work/wrk-create.txt")"
create_requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk-create.txt")"
created="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM reports WHERE id > ? AND title LIKE 'Uji beban%'\", (int(sys.argv[2]),)).fetchone()[0])" "$db" "$before")"

echo "== latency, $samples sequential requests per case"
python3 "$here/timing.py" --base "http://127.0.0.1:$port" --db "$db" --samples "$samples" \
    --prov-token "$prov_token" --prov "$prov" --kota-token "$kota_token" --kota "$kota" --nas-token "$nas_token" ${BENCH_ONLY:+--only "$BENCH_ONLY"} --json "$work/timing.json"

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine share its $(nproc) cores)"
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT

python3 - "$work/timing.json" "$health_rate" "$create_rate" "$create_requests" "$created" <<'EOF'
import json, sys
timing = json.load(open(sys.argv[1]))
health, create, requests, created = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ratio = create / health
print("\n================ §7 summary ================")
print(f"{'creation (POST /api/v1/reports)':<58} {create:10.0f} req/s")
print(f"{'trivial endpoint (GET /health)':<58} {health:10.0f} req/s")
print(f"{'ratio (aim >= 25%)':<58} {ratio * 100:9.1f} %   {'MET' if ratio >= 0.25 else 'MISSED'}")
print(f"{'reports written / requests completed':<58} {created:,} / {requests:,}" + ("" if created >= requests else "   (some requests failed)"))
for name, r in timing.items():
    aim = ""
    if name.startswith("list"):
        aim = "  aim p95 < 20 ms: " + ("MET" if r["p95"] < 20 else "MISSED")
    elif name.startswith("situasi provinsi"):
        aim = "  aim p95 < 100 ms: " + ("MET" if r["p95"] < 100 else "MISSED")
    print(f"{name:<58} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms{aim}")
EOF
