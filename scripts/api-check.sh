#!/usr/bin/env bash
# Checks the /api/v1 server against its OpenAPI document with schemathesis (`--checks all`):
# builds Pantau, loads the Kota Serang demo into a throw-away SQLite file, creates an API token for
# the demo's `sekretariat` (an administrator of the kota), starts the server on 127.0.0.1, runs
# schemathesis from the repository root (so it reads schemathesis.toml), and stops the server.
#
#   bash scripts/api-check.sh                      # 30 examples per operation, a random seed
#   bash scripts/api-check.sh --max-examples 100 --seed 7
#
# Extra arguments go to `schemathesis run`. PANTAU_CHECK_PORT sets the port (default 8098).
# Needs `schemathesis` on PATH (pip install schemathesis). Exits with schemathesis's status.
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
port="${PANTAU_CHECK_PORT:-8098}"
work="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

command -v schemathesis >/dev/null || { echo "schemathesis is not installed (pip install schemathesis)" >&2; exit 2; }
cd "$root"
swift build --product pantau >&2
bin="$root/.build/debug/pantau"

export PANTAU_DATA_DIR="$work/data" PANTAU_DATABASE_URL="$work/pantau.sqlite" PANTAU_PORT="$port" PANTAU_HOST=127.0.0.1
export PANTAU_BCRYPT_COST=4 PANTAU_PASSWORD="api-check-$(date +%s)-Kesbangpol"
"$bin" demo > "$work/demo.log" 2>&1
token="$("$bin" tokens create --username sekretariat --name schemathesis 2>/dev/null | tail -n 1)"
[[ $token == pantau_* ]] || { echo "could not create an API token" >&2; exit 1; }

"$bin" serve > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/openapi.json" 2>/dev/null && break
    sleep 0.3
done

status=0
schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Authorization: Bearer $token" \
    --checks all --max-examples 30 "$@" || status=$?
if [[ $status -ne 0 ]]; then
    kept="${TMPDIR:-/tmp}/pantau-api-check-serve.log"
    cp "$work/serve.log" "$kept"
    echo "==> the server's log is kept in $kept; its errors:" >&2
    grep -n -m 20 -E "Fatal error|error|crash" "$kept" >&2 || true
fi
exit "$status"
