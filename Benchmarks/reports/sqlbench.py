#!/usr/bin/env python3
"""The SQL behind the benchmarked pages, run directly: query plans and per-query times.

    python3 Benchmarks/reports/sqlbench.py DB [--prov 35] [--kota 36.73] [--viewer ID] [--runs 30] [--plans] [--sql] [--no-stats] [--only TEXT]
        [--apply FILE.sql] [--rewrite prefix,narrow,deferred,groupfirst,overdue]

Reconstructs, statement for statement, what PantauStore sends for GET /api/v1/reports with two
filters (Store.reports / reportConditions) and for GET /situasi (Store.situation: four aggregates,
the severe list, overdue per agency), with the same parameters the web layer derives, and runs
them through apsw, whose bundled SQLite is the version the app links (sqlite-nio 1.13.2 ->
SQLite 3.54.1; Debian's sqlite3 shell is older and may plan differently). Prints the median and
p95 time of each statement over --runs runs and, with --plans, its EXPLAIN QUERY PLAN.

--apply runs a SQL file first (e.g. CREATE INDEX ...; ANALYZE) on the database: it changes DB.
--rewrite swaps in the rewritten statements proposed in README.md (see within, report_list, situation).
"""
import argparse
import datetime
import math
import os
import statistics
import sys
import time

try:
    import apsw
except ImportError:
    sys.exit("pip install apsw==3.54.1.0  (bundles SQLite 3.54.1, the app's version)")

REPORT_COLUMNS = """r.id, r.title, r.narrative, r.category_id, c.code AS category_code, c.name AS category_name, c.active AS category_active, r.status, r.severity,
    r.source, r.occurred_at, r.occurred_precision, r.region_kode, g.nama AS region_name, r.latitude, r.longitude, r.place, r.actors,
    r.people_involved, r.people_injured, r.people_dead, r.tags, r.is_public, r.reporter_contact, r.duplicate_of, r.resolution,
    r.created_by, u.display_name AS created_by_name, r.agency_id, r.created_at, r.updated_at"""
REPORT_JOINS = "JOIN report_categories c ON c.id = r.category_id JOIN regions g ON g.kode = r.region_kode LEFT JOIN users u ON u.id = r.created_by"


REWRITES = set()  # chosen with --rewrite; empty = the app's SQL as it is


def within(column, scope):
    """SQLQueryString.within: the code itself or its subtree as a range.

    rewrite 'prefix': a provinsi as `substr(col, 1, 2) = ?` (matches an expression index), any
    other scope as one range `col >= 'X' AND col < 'X/'` (no OR: codes hold only digits and dots,
    so that range is exactly X and X.*)."""
    if scope == "ID":
        return "1 = 1", []
    if "prefix" in REWRITES:
        if len(scope) == 2:
            return f"substr({column}, 1, 2) = ?", [scope]
        return f"{column} >= ? AND {column} < ?", [scope, scope + "/"]
    return f"({column} = ? OR ({column} >= ? AND {column} < ?))", [scope, scope + ".", scope + "/"]


def report_list(scope, viewer, statuses=(), severities=(), category=None, region=None, since=None, until=None, page_size=50):
    """Store.reports with sort=newest, page 1."""
    conds, params = [], []
    if region and "narrow" in REWRITES and (region == scope or region.startswith(scope + ".") or scope == "ID"):
        scope, region = region, None  # the filter's subtree lies inside the scope: one region condition
    w, p = within("r.region_kode", scope); conds.append(w); params += p
    conds.append("(r.status <> 'draft' OR r.created_by = ?)"); params.append(viewer)
    if region:
        w, p = within("r.region_kode", region); conds.append(w); params += p
    if statuses:
        conds.append(f"r.status IN ({', '.join('?' * len(statuses))})"); params += list(statuses)
    if severities:
        conds.append(f"r.severity IN ({', '.join('?' * len(severities))})"); params += list(severities)
    if category:
        if "deferred" in REWRITES:
            conds.append("r.category_id = (SELECT id FROM report_categories WHERE code = ?)"); params.append(category)
        else:
            conds.append("c.code = ?"); params.append(category)
    if since is not None:
        conds.append("r.occurred_at >= ?"); params.append(since)
    if until is not None:
        conds.append("r.occurred_at < ?"); params.append(until)
    if "deferred" in REWRITES:
        # The page's ids from the indexes alone, then only those rows read whole.
        sql = (f"SELECT {REPORT_COLUMNS} FROM reports r {REPORT_JOINS}\nWHERE r.id IN (SELECT r.id FROM reports r WHERE {' AND '.join(conds)} "
               f"ORDER BY r.occurred_at DESC, r.id DESC LIMIT {page_size + 1} OFFSET 0)\nORDER BY r.occurred_at DESC, r.id DESC")
        return sql, params
    sql = (f"SELECT {REPORT_COLUMNS} FROM reports r {REPORT_JOINS}\nWHERE {' AND '.join(conds)} "
           f"ORDER BY r.occurred_at DESC, r.id DESC LIMIT {page_size + 1} OFFSET 0")
    return sql, params


def situation(scope, level, viewer, since, until, now):
    """Store.situation: the statements in the order it runs them."""
    w, wp = within("r.region_kode", scope)
    base = f"{w} AND r.status <> 'draft' AND r.duplicate_of IS NULL AND r.occurred_at >= ? AND r.occurred_at < ?"
    bp = wp + [since, until]
    child = {0: 2, 1: 5, 2: 8}.get(level, 13)
    out = [
        ("status counts", f"SELECT r.status AS key, COUNT(*) AS n FROM reports r WHERE {base} GROUP BY r.status", bp),
        ("category counts", f"SELECT c.code, c.name, x.n FROM (SELECT r.category_id, COUNT(*) AS n FROM reports r WHERE {base} GROUP BY r.category_id) x\n"
                            f"JOIN report_categories c ON c.id = x.category_id ORDER BY x.n DESC, c.name", bp)
        if "groupfirst" in REWRITES else
        ("category counts", f"SELECT c.code, c.name, COUNT(*) AS n FROM reports r JOIN report_categories c ON c.id = r.category_id\n"
                            f"WHERE {base} GROUP BY c.code, c.name ORDER BY n DESC, c.name", bp),
        ("day counts", f"SELECT (r.occurred_at + 25200) / 86400 AS day, COUNT(*) AS n FROM reports r WHERE {base} GROUP BY (r.occurred_at + 25200) / 86400", bp),
        ("verified by child", f"SELECT SUBSTR(r.region_kode, 1, {child}) AS key, COUNT(*) AS n FROM reports r\n"
                              f"WHERE {base} AND r.status IN ('verified', 'follow_up', 'resolved') GROUP BY SUBSTR(r.region_kode, 1, {child})", bp),
    ]
    sql, p = report_list(scope, viewer, statuses=("submitted", "verified", "follow_up", "resolved"), severities=("berat", "kritis"),
                         since=since, until=until, page_size=8)
    out.append(("severe list", sql, p))
    if "overdue" in REWRITES:
        # Count per agency id first, name the 20 largest afterwards; the scope as one range, so that
        # reports_status_region (status, region_kode, ...) finds the follow_up reports directly.
        rw, rp = ("1 = 1", []) if scope == "ID" else ("r.region_kode >= ? AND r.region_kode < ?", [scope, scope + "/"])
        out.append(("overdue by agency",
                    f"SELECT a.name, o.n FROM (SELECT s.agency_id, COUNT(*) AS n FROM reports r JOIN report_assignments s ON s.report_id = r.id\n"
                    f"WHERE r.status = 'follow_up' AND {rw} AND s.status <> 'done' AND s.due_at < ? GROUP BY s.agency_id) o\n"
                    f"JOIN agencies a ON a.id = o.agency_id ORDER BY o.n DESC, a.name LIMIT 20", rp + [now]))
    else:
        out.append(("overdue by agency",
                    f"SELECT a.name, COUNT(*) AS n FROM report_assignments s JOIN agencies a ON a.id = s.agency_id JOIN reports r ON r.id = s.report_id\n"
                    f"WHERE {w} AND s.status <> 'done' AND s.due_at < ? AND r.status = 'follow_up'\n"
                    f"GROUP BY a.id, a.name ORDER BY n DESC, a.name LIMIT 20", wp + [now]))
    return out


def period(days):
    """SituationRoutes: the last `days` whole days in WIB up to today."""
    wib, day = 25200, 86400
    today = (int(time.time()) + wib) // day
    from_day = today - (days - 1)
    return from_day * day - wib, (today + 1) * day - wib


def timed(cursor, sql, params, runs):
    """Median and p95 wall time, and median CPU time of this process (less disturbed by other load)."""
    cursor.execute(sql, params).fetchall()  # warm
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows = cursor.execute(sql, params).fetchall()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    ordered = sorted(times)
    return statistics.median(times), ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], statistics.median(cpu), len(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--prov", default="35")
    parser.add_argument("--kota", default="36.73")
    parser.add_argument("--viewer", type=int, default=0, help="user id of the viewer (drafts condition); any id that created no reports")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--only")
    parser.add_argument("--apply")
    parser.add_argument("--no-stats", action="store_true", help="plan as without ANALYZE (the app never runs it)")
    parser.add_argument("--sql", action="store_true", help="print each statement and its parameters")
    parser.add_argument("--rewrite", default="", help="comma-separated: prefix, narrow, deferred, groupfirst, overdue (default: the app's SQL)")
    args = parser.parse_args()
    REWRITES.update(x for x in args.rewrite.split(",") if x)
    with open("/proc/loadavg") as f:
        print(f"load average {f.read().split()[0]} on {os.cpu_count()} cores; rewrites: {', '.join(sorted(REWRITES)) or 'none (the app as it is)'}")

    db = apsw.Connection(args.database)
    cursor = db.cursor()
    cursor.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000")
    if args.apply:
        start = time.perf_counter()
        cursor.execute(open(args.apply).read())
        # This SQLite has STAT4, the app's has not: keep only what the app's own ANALYZE would write.
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat4")
        print(f"applied {args.apply} in {time.perf_counter() - start:.1f} s")
        db.close()
        db = apsw.Connection(args.database)
        cursor = db.cursor()
    if args.no_stats:
        # As a database the app has never analysed: no sqlite_stat1 (rolled back at the end).
        cursor.execute("BEGIN; DELETE FROM sqlite_stat1; ANALYZE sqlite_schema")
        print("planning without statistics (sqlite_stat1 emptied inside a transaction that is rolled back)")
    now = int(time.time())
    prov_child = cursor.execute("SELECT kode FROM regions WHERE parent_kode = ? ORDER BY kode LIMIT 1", (args.prov,)).fetchone()[0]
    kota_child = cursor.execute("SELECT kode FROM regions WHERE parent_kode = ? ORDER BY kode LIMIT 1", (args.kota,)).fetchone()[0]
    statements = []
    for label, scope, child in (("provinsi", args.prov, prov_child), ("kota", args.kota, kota_child)):
        sql, p = report_list(scope, args.viewer, statuses=("verified",), category="hoaks")
        statements.append((f"list {label}: status=verified & kategori=hoaks", sql, p))
        sql, p = report_list(scope, args.viewer, severities=("berat", "kritis"), region=child)
        statements.append((f"list {label}: tingkat=berat,kritis & wilayah={child}", sql, p))
    for label, scope, level in (("provinsi", args.prov, 1), ("kota", args.kota, 2)):
        for days in (30, 365):
            since, until = period(days)
            for name, sql, p in situation(scope, level, args.viewer, since, until, now):
                statements.append((f"situasi {label} {days} d: {name}", sql, p))
    totals = {}
    for name, sql, params in statements:
        if args.only and args.only not in name:
            continue
        p50, p95, cpu, n = timed(cursor, sql, params, args.runs)
        print(f"{name:<62} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  cpu p50 {cpu:8.2f} ms  rows {n}", flush=True)
        if args.sql:
            print("      " + sql.replace("\n", "\n      ") + f"\n      -- {params}")
        if name.startswith("situasi"):
            key = name.split(":")[0]
            totals[key] = totals.get(key, 0) + cpu
        if args.plans:
            depth = {0: 0}
            for node, parent, _, detail in cursor.execute("EXPLAIN QUERY PLAN " + sql, params):
                depth[node] = depth.get(parent, 0) + 1
                print("      " + "  " * (depth[node] - 1) + detail)
    if args.no_stats:
        cursor.execute("ROLLBACK")
    for key, total in totals.items():
        print(f"{key + ': sum of cpu p50':<62} {total:8.2f} ms")


if __name__ == "__main__":
    main()
