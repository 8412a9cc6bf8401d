#!/usr/bin/env python3
"""The SQL ceiling of report creation: the statements POST /api/v1/reports runs, without the app.

    python3 Benchmarks/reports/createbench.py DB [--seconds 10] [--user bench_lapangan]

Runs, one report at a time on one connection (as the app's single SQLite writer does), the write
transaction of Store.insertReport (BEGIN IMMEDIATE; idempotency lookup; INSERT reports, report_events,
idempotency_keys, audit_log; the webhook setting lookup; COMMIT) and the reads around it (token and
user, user, region, categories, the report read back), with the app's pragmas (WAL,
synchronous=NORMAL, foreign_keys=ON). Prints transactions per second for the writes alone and for
writes plus reads. It writes into DB: use a copy.
"""
import argparse
import hashlib
import random
import sqlite3
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--user", default="bench_lapangan")
    parser.add_argument("--synchronous", default="NORMAL", help="the app uses NORMAL; OFF shows what the disk flushes cost")
    args = parser.parse_args()
    db = sqlite3.connect(args.database, isolation_level=None)
    for pragma in ("PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", f"PRAGMA synchronous = {args.synchronous}", "PRAGMA journal_mode = WAL"):
        db.execute(pragma)
    user_id, agency_id = db.execute("SELECT id, agency_id FROM users WHERE username = ?", (args.user,)).fetchone()
    codes = [k for (k,) in db.execute("SELECT kode FROM regions WHERE level = 4 ORDER BY random() LIMIT 2000")]
    token_hash = hashlib.sha256(b"none").hexdigest()
    run = str(time.time())

    def create(i, with_reads):
        code = random.choice(codes)
        now = int(time.time())
        if with_reads:
            db.execute("SELECT u.*, t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL", (token_hash,)).fetchall()
            db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchall()
            db.execute("SELECT kode, nama FROM regions WHERE kode = ?", (code,)).fetchall()
            db.execute("SELECT id, code, name, active FROM report_categories WHERE active = 1 ORDER BY position, name").fetchall()
        db.execute("BEGIN IMMEDIATE")
        key = f"{run}-{i}"
        db.execute("SELECT report_id FROM idempotency_keys WHERE user_id = ? AND key = ?", (user_id, key)).fetchall()
        rid = db.execute("""INSERT INTO reports (title, narrative, category_id, status, severity, source, occurred_at, occurred_precision, region_kode, latitude, longitude,
            place, actors, people_involved, people_injured, people_dead, tags, is_public, reporter_contact, created_by, agency_id, created_at, updated_at, submitted_at)
            VALUES (?, ?, ?, 'submitted', 'sedang', 'field_monitor', ?, 'exact', ?, NULL, NULL, 'Balai desa', '{"jenis":["citizens"],"nama":[]}', 10, 0, 0, 'uji-beban', 0, NULL, ?, ?, ?, ?, ?)
            RETURNING id""", (f"Uji SQL {i}", "Laporan uji beban dari pemantau lapangan. Situasi terpantau kondusif.", 1 + i % 16, now - 3600, code,
                              user_id, agency_id, now, now, now)).fetchone()[0]
        db.execute("INSERT INTO report_events (report_id, at, actor_user_id, actor_name, action, from_status, to_status, note) VALUES (?, ?, ?, 'bench', 'create', NULL, 'submitted', NULL)",
                   (rid, now, user_id))
        db.execute("INSERT INTO idempotency_keys (user_id, key, report_id, created_at) VALUES (?, ?, ?, ?)", (user_id, key, rid, now))
        db.execute("INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity, entity_id, region_kode, summary, changes, ip) VALUES (?, ?, 'bench', 'create', 'report', ?, ?, ?, NULL, NULL)",
                   (now, user_id, str(rid), code, f"Laporan #{rid} dibuat (Baru)"))
        db.execute("SELECT value FROM app_settings WHERE key = 'webhook_url'").fetchall()
        db.execute("COMMIT")
        if with_reads:
            db.execute("SELECT r.*, c.code, g.nama, u.display_name FROM reports r JOIN report_categories c ON c.id = r.category_id JOIN regions g ON g.kode = r.region_kode "
                       "LEFT JOIN users u ON u.id = r.created_by WHERE r.id = ?", (rid,)).fetchall()

    i = 0
    for with_reads in (False, True):
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < args.seconds:
            i += 1
            n += 1
            create(i, with_reads)
        elapsed = time.perf_counter() - start
        print(f"{'write transaction + reads' if with_reads else 'write transaction only':<28} {n / elapsed:8.0f} reports/s  ({n} in {elapsed:.1f} s)")


if __name__ == "__main__":
    main()
