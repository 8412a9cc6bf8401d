#!/usr/bin/env python3
"""Checks an .xlsx written by Pantau the way its users will open it: with openpyxl (the
structure Excel reads) and with LibreOffice (a second, independent reader).

    python3 scripts/check-xlsx.py FILE.xlsx [--expect-rows N] [--expect-header "No,Uraian,..."]

On the first worksheet it checks that
  - the header row (row 1) is what --expect-header says, when given;
  - the pane is frozen below the header (top left cell A2);
  - no cell holds a formula (text such as "=1+1" must stay text);
  - every cell with a date format holds a date, and in a column that holds dates every other
    filled cell (but the header) does too; numeric cells hold numbers;
  - there are N rows below the header, when --expect-rows is given;
  - LibreOffice, converting the sheet to CSV, sees the same number of filled rows and the same header.
Exits 1 with one line per problem, 0 when all is well.

Needs openpyxl (pip install openpyxl) and LibreOffice (apt-get install libreoffice-calc).
A sample to check: PANTAU_XLSX_SAMPLE=/tmp/sample.xlsx swift test --filter XlsxSampleTests
"""
import argparse
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile


def filled(values):
    return any(v not in (None, "") for v in values)


def trimmed(values):
    values = ["" if v is None else str(v) for v in values]
    while values and values[-1] == "":
        values.pop()
    return values


def check_openpyxl(path, args, problems):
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows())
    header = trimmed(cell.value for cell in rows[0]) if rows else []
    if args.expect_header is not None and header != args.expect_header.split(","):
        problems.append(f"openpyxl: header {header} is not {args.expect_header.split(',')}")
    if sheet.freeze_panes != "A2":
        problems.append(f"openpyxl: frozen pane is {sheet.freeze_panes!r}, not 'A2'")

    date_columns = set()
    for row in rows[1:]:
        for cell in row:
            if cell.value is not None and cell.is_date:
                date_columns.add(cell.column)
    for row in rows:
        for cell in row:
            if cell.value is None:
                continue
            where = f"{sheet.title}!{cell.coordinate}"
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.data_type != "s"):
                problems.append(f"openpyxl: {where} is a formula: {cell.value!r}")
            if cell.is_date and not isinstance(cell.value, (datetime.datetime, datetime.date, datetime.time)):
                problems.append(f"openpyxl: {where} has a date format but holds {cell.value!r}")
            if cell.row > 1 and cell.column in date_columns and not isinstance(
                    cell.value, (datetime.datetime, datetime.date, datetime.time)):
                problems.append(f"openpyxl: {where} is in a date column but holds {cell.value!r}")
            if cell.data_type == "n" and not isinstance(cell.value, (int, float)):
                problems.append(f"openpyxl: {where} is numeric but holds {cell.value!r}")

    filled_rows = [row for row in rows if filled(cell.value for cell in row)]
    if args.expect_rows is not None and len(filled_rows) - 1 != args.expect_rows:
        problems.append(f"openpyxl: {len(filled_rows) - 1} rows below the header, not {args.expect_rows}")
    return header, len(filled_rows)


def check_libreoffice(path, header, row_count, problems):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        problems.append("LibreOffice (soffice) is not installed")
        return
    with tempfile.TemporaryDirectory() as work:
        profile = "file://" + os.path.join(work, "profile")
        # 44,34,76: comma-separated, double quotes, UTF-8.
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                   "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", work, path]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        name = os.path.splitext(os.path.basename(path))[0] + ".csv"
        converted = os.path.join(work, name)
        if result.returncode != 0 or not os.path.exists(converted):
            problems.append(f"LibreOffice could not convert the file: {result.stderr.strip() or result.stdout.strip()}")
            return
        with open(converted, newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.reader(handle) if filled(row)]
    if len(rows) != row_count:
        problems.append(f"LibreOffice reads {len(rows)} filled rows, openpyxl {row_count}")
    if rows and trimmed(rows[0]) != header:
        problems.append(f"LibreOffice reads the header as {trimmed(rows[0])}, openpyxl as {header}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--expect-rows", type=int, help="rows below the header")
    parser.add_argument("--expect-header", help="comma-separated header titles")
    args = parser.parse_args()
    if not os.path.isfile(args.file):
        print(f"check-xlsx: {args.file} does not exist", file=sys.stderr)
        return 1

    problems = []
    try:
        header, row_count = check_openpyxl(args.file, args, problems)
    except Exception as error:  # a file openpyxl cannot open is a failed check, not a crash
        print(f"check-xlsx: openpyxl cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    check_libreoffice(args.file, header, row_count, problems)

    for problem in problems:
        print(f"check-xlsx: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-xlsx: {args.file}: header {header}, {row_count - 1} rows below it; openpyxl and LibreOffice agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
