#!/usr/bin/env bash
# Mutation check: makes, one at a time, a mistake that the test suite must notice, runs the suites
# that should notice it, and reports every mistake they let through.
#
#   bash scripts/mutants.sh            # every mutant
#   bash scripts/mutants.sh 2 4        # only mutants 2 and 4
#
# The mistakes are made in a scratch copy of the tracked files (MUTANTS_DIR, default
# .build-mutants/src, with its own build folder), never in this checkout. The first run builds the
# copy from cold (several minutes); later runs rebuild only what a mutant touches. Set
# PANTAU_TEST_POSTGRES_URL to run the suites on PostgreSQL too. Exit status: 0 when every mutant
# was caught, 1 when one survived, 2 when a mutant no longer applies (its code moved: update it).
#
# To add a mutant, add an entry to scripts/mutants.json: a name, the file, the exact text to find
# (it must occur once; a list for several places in the file), what to put in its place, and the
# test filter that must then fail.
set -euo pipefail

repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
scratch="${MUTANTS_DIR:-$repo/.build-mutants/src}"
catalogue="$repo/scripts/mutants.json"

log() { printf '==> %s\n' "$*" >&2; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[int(sys.argv[2]) - 1][sys.argv[3]])' "$catalogue" "$1" "$2"; }

count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$catalogue")
if [[ $# -gt 0 ]]; then indexes=("$@"); else indexes=($(seq 1 "$count")); fi

# The scratch copy: tracked and new files exactly as in this checkout.
log "scratch copy: $scratch"
# Files that moved or went away are removed first (a stale copy beside its new place does not
# compile); the build folders stay, so that later runs are incremental.
mkdir -p "$scratch"
find "$scratch" -mindepth 1 -maxdepth 1 ! -name '.build*' -exec rm -rf {} +
(cd "$repo" && git ls-files -co --exclude-standard -z | tar --null -cf - -T -) | tar -xf - -C "$scratch"
log "building the copy as it is"
if ! (cd "$scratch" && swift build --build-tests >"$scratch/.mutant-build.log" 2>&1); then
    log "the unchanged copy does not compile (see $scratch/.mutant-build.log)"
    exit 2
fi

survived=0; stale=0
for index in "${indexes[@]}"; do
    name=$(field "$index" name); file=$(field "$index" file); filter=$(field "$index" tests)
    log "mutant $index: $name ($file)"
    if ! python3 - "$catalogue" "$index" "$scratch/$file" <<'PY'
import json, sys
mutant = json.load(open(sys.argv[1]))[int(sys.argv[2]) - 1]
path = sys.argv[3]
text = open(path).read()
finds, replaces = mutant["find"], mutant["replace"]
if isinstance(finds, str): finds, replaces = [finds], [replaces]
for find, replace in zip(finds, replaces):
    found = text.count(find)
    if found != 1:
        sys.exit(f"the text to change occurs {found} times in {mutant['file']}")
    text = text.replace(find, replace)
open(path, "w").write(text)
PY
    then
        log "mutant $index does not apply any more: update scripts/mutants.json"
        stale=1
        continue
    fi
    if (cd "$scratch" && swift build --build-tests >"$scratch/.mutant-build.log" 2>&1); then
        if (cd "$scratch" && swift test --skip-build --filter "$filter" >"$scratch/.mutant-test-$index.log" 2>&1); then
            log "SURVIVED: mutant $index ($name): every test in $filter passed"
            survived=1
        else
            failed=$(grep -c "recorded an issue" "$scratch/.mutant-test-$index.log" || true)
            log "caught: mutant $index ($name): $failed failed expectations in $filter"
        fi
    else
        log "mutant $index does not compile (see $scratch/.mutant-build.log)"
        stale=1
    fi
    cp "$repo/$file" "$scratch/$file"
done

if [[ $stale -ne 0 ]]; then exit 2; fi
if [[ $survived -ne 0 ]]; then exit 1; fi
log "every mutant was caught"
