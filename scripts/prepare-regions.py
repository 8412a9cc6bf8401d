#!/usr/bin/env python3
"""Builds the bundled region list, Sources/PantauStore/Resources/data/wilayah.csv.gz, from
shared/data/wilayah.

The upstream snapshot (cahyadsn/wilayah, 2026-08-08) lost 37 of its 38 provinsi rows: each was
replaced by a stray "kode,nama)" line from the SQL dump it was made from. This script puts every
provinsi back with its name from penduduk.csv.gz of the same snapshot (fixing that file's OCR slip
"Papua Barat Oaya"), checks the result against the published counts and writes it with LF line
endings. Run it again when shared/data changes:

    python3 scripts/prepare-regions.py ../shared/data
"""
import csv, gzip, io, sys
from collections import Counter
from pathlib import Path

NAME_FIXES = {"Papua Barat Oaya": "Papua Barat Daya"}
EXPECTED = {1: 38, 2: 514, 3: 7285, 4: 83762}

def main(shared: Path, out: Path) -> None:
    provinces = {}
    with gzip.open(shared / "wilayah" / "penduduk.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if len(row["kode"]) == 2 and row["kode"] != "0":
                provinces[row["kode"]] = NAME_FIXES.get(row["nama"], row["nama"])
    rows = {}
    with gzip.open(shared / "wilayah" / "wilayah.csv.gz", "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kode = row["kode"].strip()
            if not kode[:1].isdigit():
                continue  # the stray "kode,nama)" lines
            rows[kode] = row["nama"].strip()
    for kode, nama in provinces.items():
        rows.setdefault(kode, nama)
    levels = Counter(len(k.split(".")) for k in rows)
    assert dict(levels) == EXPECTED, f"unexpected counts {dict(levels)}"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kode", "nama"])
    for kode in sorted(rows):
        writer.writerow([kode, rows[kode]])
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        f.write(buffer.getvalue().encode("utf-8"))
    print(f"{out}: {len(rows)} regions {dict(sorted(levels.items()))}")

if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    main(shared, Path(__file__).resolve().parent.parent / "Sources/PantauStore/Resources/data/wilayah.csv.gz")
