#!/usr/bin/env python3
"""Fills a Pantau SQLite database with incident reports for the §7 speed benchmark.

    python3 Benchmarks/reports/generate.py DB [--reports 1000000] [--days 730] [--author bench_lapangan] [--seed 7]

DB must have been made by `pantau migrate` (schema, the 91,599 regions, the seeded agencies) and
must already hold the author user (run.sh creates it with `pantau users create`). The script adds:

- three agencies per kab/kota (its Kesbangpol, Polres/Polresta, Bawaslu) as assignees, when absent;
- N reports spread uniformly over every desa/kelurahan of Indonesia, their occurrence time over the
  last `--days` days (a mild ramp: the newest days get about three times the oldest's reports),
  with mixes of status (by age), severity, source, category, time precision, coordinates, actors,
  tags, counts and duplicates;
- each report's timeline in report_events: its 'create' row plus the steps that led to its status;
- assignments for follow_up reports (open / in progress, some overdue) and for resolved/archived
  reports that went through follow-up (done);
- one audit_log 'create' line per report, as the app writes.

Times are Unix seconds (PantauStore.Clock.now) in every column it fills; only
users.sessions_valid_after is in milliseconds, and this script does not write users.
The reports' indexes are dropped during the load and recreated from their own stored SQL, so the
schema afterwards is exactly the app's. Ends with ANALYZE (the app never runs ANALYZE or
PRAGMA optimize itself; see README.md beside this file).
"""
import argparse
import json
import os
import random
import sqlite3
import sys
import time

CATEGORY_WEIGHTS = {  # code -> relative frequency
    "politik_uang": 9, "netralitas": 8, "pelanggaran_kampanye": 12, "hoaks": 14, "ujaran_kebencian": 7,
    "intimidasi": 5, "kekerasan": 3, "unjuk_rasa": 9, "perusakan": 6, "gangguan_penyelenggaraan": 6,
    "sengketa": 4, "konflik_sosial": 4, "kebijakan_pemda": 4, "kegiatan_parpol": 5, "kegiatan_ormas": 3, "lainnya": 1,
}
TITLES = {
    "politik_uang": ["Dugaan pembagian uang kepada warga", "Pembagian sembako oleh tim sukses", "Serangan fajar menjelang pemungutan suara", "Dugaan janji uang transport pemilih"],
    "netralitas": ["Kepala desa hadir di kampanye calon", "ASN mengunggah dukungan kepada calon", "Dugaan keterlibatan aparat dalam kampanye", "Perangkat desa membagikan atribut calon"],
    "pelanggaran_kampanye": ["Kampanye di luar jadwal", "Kampanye di tempat ibadah", "Pemasangan APK di fasilitas umum", "Kampanye melibatkan anak-anak"],
    "hoaks": ["Beredar hoaks tentang penundaan pemungutan suara", "Video suntingan calon beredar di grup WhatsApp", "Informasi palsu tentang daftar pemilih", "Hoaks kecurangan rekapitulasi"],
    "ujaran_kebencian": ["Ujaran kebencian bernuansa SARA di media sosial", "Ceramah provokatif terhadap kelompok tertentu", "Spanduk bernada kebencian"],
    "intimidasi": ["Intimidasi terhadap saksi", "Ancaman kepada pemilih agar tidak datang ke TPS", "Teror kepada relawan calon"],
    "kekerasan": ["Bentrokan antarpendukung calon", "Pengeroyokan relawan kampanye", "Perkelahian saat konvoi kampanye"],
    "unjuk_rasa": ["Unjuk rasa menolak hasil rekapitulasi", "Pengerahan massa ke kantor KPU", "Aksi demonstrasi mahasiswa", "Unjuk rasa warga terkait kebijakan desa"],
    "perusakan": ["Perusakan alat peraga kampanye", "Pembakaran baliho calon", "Perusakan fasilitas TPS"],
    "gangguan_penyelenggaraan": ["Logistik pemilu terlambat tiba", "Surat suara kurang di TPS", "Pemilih tidak terdaftar dalam DPT", "Kotak suara rusak saat distribusi"],
    "sengketa": ["Keberatan saksi atas penghitungan suara", "Sengketa batas wilayah antar desa", "Keberatan atas penetapan calon"],
    "konflik_sosial": ["Ketegangan antarwarga pasca pilkades", "Konflik lahan antara warga dan perusahaan", "Ketegangan antarkelompok pemuda"],
    "kebijakan_pemda": ["Penolakan warga atas kebijakan pemda", "Mutasi pejabat menjelang pilkada", "Program bansos dipakai untuk kampanye"],
    "kegiatan_parpol": ["Konsolidasi partai politik tingkat kecamatan", "Deklarasi dukungan partai", "Rapat akbar partai politik"],
    "kegiatan_ormas": ["Kegiatan ormas tanpa pemberitahuan", "Pengerahan anggota ormas", "Deklarasi ormas mendukung calon"],
    "lainnya": ["Kejadian lain menonjol", "Informasi awal perlu pendalaman"],
}
SENTENCES = [
    "Menurut keterangan warga setempat, kejadian berlangsung sekitar pukul {h}.{m} WIB.",
    "Pemantau lapangan telah mengonfirmasi kejadian kepada ketua RT dan perangkat desa.",
    "Jumlah orang yang terlibat diperkirakan sekitar {n} orang.",
    "Situasi saat ini terpantau kondusif namun perlu diwaspadai.",
    "Bhabinkamtibmas dan Babinsa sudah berada di lokasi.",
    "Informasi awal diperoleh dari grup percakapan warga dan perlu diverifikasi.",
    "Panwascam telah menerima laporan yang sama dan sedang melakukan penelusuran.",
    "Beberapa warga mengaku didatangi oleh orang yang tidak dikenal.",
    "Dokumentasi berupa foto dan video sudah dikumpulkan oleh pemantau.",
    "Pihak yang dilaporkan belum dapat dimintai keterangan.",
    "Kejadian serupa pernah dilaporkan di wilayah yang sama pada bulan sebelumnya.",
    "Disarankan koordinasi dengan Forkopimcam untuk langkah pencegahan.",
    "Tokoh masyarakat dan tokoh agama telah diajak untuk menenangkan warga.",
    "Unggahan terkait telah dibagikan lebih dari {n} kali di media sosial.",
    "Aparat kecamatan mencatat kejadian ini dalam laporan harian.",
]
PLACES = ["Balai desa", "Lapangan desa", "Pasar", "Depan kantor kecamatan", "Masjid jami", "Sekolah dasar negeri", "Pertigaan jalan utama",
          "Posko pemenangan", "Gedung serbaguna", "Rumah warga", "Kantor KPU kabupaten", "TPS 003", "Alun-alun", None, None, None]
ACTOR_KINDS = ["party", "candidate", "asn", "organiser", "security", "ormas", "citizens", "other"]
ACTOR_NAMES = ["Tim sukses pasangan calon nomor 1", "Tim sukses pasangan calon nomor 2", "Relawan calon", "Oknum kepala desa", "Oknum ASN kecamatan",
               "Pengurus ranting partai", "Massa pendukung", "Akun anonim", "Koordinator lapangan"]
TAGS = ["pilkada", "pemilu", "pilkades", "kampanye", "tps", "media-sosial", "viral", "perlu-pendalaman", "rawan"]

SEVERITY = (["ringan", "sedang", "berat", "kritis"], [42, 36, 16, 6])
SOURCE = (["field_monitor", "agency", "media", "social_media", "public"], [36, 24, 14, 16, 10])
PRECISION = (["exact", "day", "approximate"], [70, 25, 5])
# Status by the report's age: recent reports are still being worked on, old ones are closed.
STATUS_BY_AGE = [
    (3 * 86400, (["draft", "submitted", "verified", "rejected", "follow_up"], [3, 55, 25, 5, 12])),
    (30 * 86400, (["draft", "submitted", "verified", "rejected", "follow_up", "resolved"], [2, 14, 28, 8, 26, 22])),
    (None, (["draft", "submitted", "verified", "rejected", "follow_up", "resolved", "archived"], [1, 3, 8, 12, 6, 45, 25])),
]
DUPLICATE_SHARE = 0.03  # of non-draft reports: marked as duplicates (status archived, duplicate_of an earlier report)


def pick(rng, choices):
    return rng.choices(choices[0], weights=choices[1])[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database")
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--author", default="bench_lapangan", help="username set as created_by of non-public reports")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=50_000)
    args = parser.parse_args()

    started = time.time()
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.database, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    db.execute("PRAGMA foreign_keys = OFF")  # every reference written below is taken from the database itself
    if db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]:
        sys.exit("reports is not empty; generate into a fresh `pantau migrate` database")
    author = db.execute("SELECT id, display_name, agency_id FROM users WHERE username = ?", (args.author,)).fetchone()
    if not author:
        sys.exit(f"no user {args.author}; create it first (pantau users create)")
    author_id, author_name, author_agency = author
    categories = {code: cid for cid, code in db.execute("SELECT id, code FROM report_categories")}
    missing = set(CATEGORY_WEIGHTS) - set(categories)
    if missing:
        sys.exit(f"categories missing: {missing}")
    cat_codes = list(CATEGORY_WEIGHTS)
    cat_weights = [CATEGORY_WEIGHTS[c] for c in cat_codes]

    desa = db.execute("SELECT kode, nama FROM regions WHERE level = 4 ORDER BY kode").fetchall()
    print(f"{len(desa)} desa/kelurahan", flush=True)
    # Label points: kab/kota (all) and desa where bundled; a report's coordinates scatter around them.
    labels = {k: (lat, lng) for k, lat, lng in db.execute("SELECT kode, label_lat, label_lng FROM region_boundaries WHERE label_lat IS NOT NULL")}

    now = int(time.time())
    db.execute("BEGIN")
    # Agencies that follow up: each kab/kota's Kesbangpol, police and Bawaslu.
    kabkota = db.execute("SELECT kode, nama FROM regions WHERE level = 2").fetchall()
    for kode, nama in kabkota:
        police = ("Polresta " if kode[3] == "7" else "Polres ") + nama.replace("Kabupaten ", "").replace("Kota ", "")
        for name, kind in ((f"Badan Kesbangpol {nama}", "kesbangpol"), (police, "polri"), (f"Bawaslu {nama}", "bawaslu")):
            db.execute("INSERT OR IGNORE INTO agencies (name, type, region_kode, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
                       (name, kind, kode, now - 800 * 86400, now - 800 * 86400))
    agencies_by_kab = {}
    for aid, kode in db.execute("SELECT id, region_kode FROM agencies WHERE length(region_kode) = 5"):
        agencies_by_kab.setdefault(kode, []).append(aid)

    # Drop the reports' indexes for the load and recreate them afterwards from their stored SQL.
    index_sql = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('reports', 'report_events', 'report_assignments', 'audit_log') AND sql IS NOT NULL").fetchall()
    for name, _ in index_sql:
        db.execute(f"DROP INDEX {name}")

    # Occurrence times, oldest first, so ids follow time as they do in production.
    span = args.days * 86400
    start = now - span
    times = sorted(start + int(span * (((1 + 8 * rng.random()) ** 0.5 - 1) / 2)) for _ in range(args.reports))  # density ramps 1 -> 3
    times[-1] = min(times[-1], now - 60)

    next_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM reports").fetchone()[0] or 0) + 1
    report_sql = """INSERT INTO reports (id, title, narrative, category_id, status, severity, source, occurred_at, occurred_precision, region_kode,
        latitude, longitude, place, actors, people_involved, people_injured, people_dead, tags, is_public, reporter_contact, duplicate_of, resolution,
        created_by, agency_id, created_at, updated_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"""
    event_sql = "INSERT INTO report_events (report_id, at, actor_user_id, actor_name, action, from_status, to_status, note) VALUES (?,?,?,?,?,?,?,?)"
    assign_sql = """INSERT INTO report_assignments (report_id, agency_id, due_at, status, instruction, response, responded_at, responded_by, created_at)
        VALUES (?,?,?,?,?,?,?,?,?)"""
    audit_sql = "INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity, entity_id, region_kode, summary, changes, ip) VALUES (?,?,?,?,?,?,?,?,?,?)"
    counts = {"reports": 0, "events": 0, "assignments": 0, "audit": 0}
    reports, events, assignments, audits = [], [], [], []

    def flush():
        if not reports:
            return
        db.executemany(report_sql, reports)
        db.executemany(event_sql, events)
        db.executemany(assign_sql, assignments)
        db.executemany(audit_sql, audits)
        counts["reports"] += len(reports); counts["events"] += len(events); counts["assignments"] += len(assignments); counts["audit"] += len(audits)
        reports.clear(); events.clear(); assignments.clear(); audits.clear()
        print(f"  {counts['reports']:>9,} reports  ({time.time() - started:.0f} s)", flush=True)

    analyst = "Analis Kesbangpol"
    originals = []
    for occurred in times:
        rid = next_id
        next_id += 1
        kode, desa_name = desa[rng.randrange(len(desa))]
        code = rng.choices(cat_codes, weights=cat_weights)[0]
        severity = pick(rng, SEVERITY)
        source = pick(rng, SOURCE)
        precision = pick(rng, PRECISION)
        if precision != "exact":
            occurred -= (occurred + 25200) % 86400  # a day's start in WIB
        created = min(occurred + int(rng.expovariate(1 / 7200)), now)
        age = now - created
        for limit, mix in STATUS_BY_AGE:
            if limit is None or age < limit:
                status = pick(rng, mix)
                break
        duplicate_of = None
        if status != "draft" and len(originals) > 100 and rng.random() < DUPLICATE_SHARE:
            status = "archived"
            duplicate_of = originals[rng.randrange(len(originals))]  # a recent report that is neither a draft nor a duplicate
        elif status != "draft":
            originals.append(rid)
            if len(originals) > 5000:
                del originals[:1000]
        public = source == "public"
        lat = lng = None
        point = labels.get(kode) or labels.get(kode[:8]) or labels.get(kode[:5])
        if point and rng.random() < (0.2 if public else 0.65):
            lat = max(-11.4, min(6.4, point[0] + rng.uniform(-0.03, 0.03)))
            lng = max(94.1, min(141.9, point[1] + rng.uniform(-0.03, 0.03)))
        title = f"{rng.choice(TITLES[code])} di {desa_name}"
        narrative = " ".join(rng.choice(SENTENCES).format(h=rng.randrange(6, 23), m=f"{rng.randrange(0, 60):02d}", n=rng.randrange(5, 500))
                             for _ in range(rng.randrange(2, 9)))
        actors = None
        if rng.random() < 0.55:
            kinds = rng.sample(ACTOR_KINDS, rng.randrange(1, 3))
            names = rng.sample(ACTOR_NAMES, rng.randrange(0, 3))
            actors = json.dumps({"jenis": kinds, "nama": names}, ensure_ascii=False, separators=(",", ":"))
        involved = 0 if rng.random() < 0.4 else int(rng.expovariate(1 / (300 if code == "unjuk_rasa" else 15)))
        injured = int(rng.expovariate(1 / 3)) if code in ("kekerasan", "konflik_sosial") and rng.random() < 0.4 else 0
        dead = 1 if code == "kekerasan" and severity == "kritis" and rng.random() < 0.1 else 0
        tags = ",".join(rng.sample(TAGS, rng.randrange(1, 3))) if rng.random() < 0.35 else None
        contact = f"08{rng.randrange(10**9, 10**10)}" if public and rng.random() < 0.7 else None
        created_by = None if public else author_id
        agency_id = None if public else author_agency
        actor_id, actor_name = (None, "masyarakat") if public else (author_id, author_name)
        initial = "draft" if status == "draft" else "submitted"
        events.append((rid, created, actor_id, actor_name, "create", None, initial, None))
        audits.append((created, actor_id, actor_name, "create", "report", str(rid), kode,
                       f"Laporan #{rid} \"{title[:80]}\" dibuat ({'Draf' if initial == 'draft' else 'Baru'})", None, "127.0.0.1" if public else None))
        # The steps to the final status, each a little later, never in the future.
        t = created
        def step(action, frm, to, note=None, gap=6 * 3600):
            nonlocal t
            t = min(t + 60 + int(rng.expovariate(1 / gap)), now)
            events.append((rid, t, author_id, analyst, action, frm, to, note))
        resolution = None
        kab = kode[:5]
        if duplicate_of:
            step("mark_duplicate", "submitted", "archived", f"Duplikat dari laporan #{duplicate_of}")
        elif status in ("verified", "follow_up", "resolved") or (status == "archived" and rng.random() < 0.7):
            step("verify", "submitted", "verified")
            if status in ("follow_up", "resolved", "archived") and rng.random() < (1.0 if status == "follow_up" else 0.6):
                step("assign", "verified", "follow_up", "Mohon ditindaklanjuti")
                assigned_at = t
                for aid in rng.sample(agencies_by_kab[kab], rng.choice((1, 1, 2))):
                    due = assigned_at + rng.choice((3, 7, 14)) * 86400
                    if status == "follow_up":
                        state = rng.choices(["open", "in_progress", "done"], weights=[50, 40, 10])[0]
                        responded = min(assigned_at + int(rng.expovariate(1 / 86400)), now) if state != "open" else None
                        assignments.append((rid, aid, due, state, "Mohon ditindaklanjuti", "Sedang ditangani" if responded else None, responded,
                                            author_id if responded else None, assigned_at))
                    else:
                        responded = min(assigned_at + int(rng.expovariate(1 / 172800)), now)
                        assignments.append((rid, aid, due, "done", "Mohon ditindaklanjuti", "Telah ditangani", responded, author_id, assigned_at))
            if status in ("resolved", "archived"):
                resolution = "Situasi telah kondusif; para pihak telah dimediasi."
                step("resolve", "follow_up" if events[-1][4] == "assign" else "verified", "resolved", resolution, gap=5 * 86400)
            if status == "archived":
                step("archive", "resolved", "archived", gap=20 * 86400)
        elif status in ("rejected", "archived"):
            step("reject", "submitted", "rejected", "Tidak memenuhi unsur")
            if status == "archived":
                step("archive", "rejected", "archived", gap=20 * 86400)
        updated = t
        reports.append((rid, title, narrative, categories[code], status, severity, source, occurred, precision, kode, lat, lng,
                        rng.choice(PLACES), actors, involved, injured, dead, tags, 1 if public else 0, contact, duplicate_of, resolution,
                        created_by, agency_id, created, updated, None if status == "draft" else created))
        if len(reports) >= args.batch:
            flush()
    flush()

    print("recreating indexes ...", flush=True)
    t0 = time.time()
    for name, sql in index_sql:
        db.execute(sql)
    print(f"  {len(index_sql)} indexes in {time.time() - t0:.0f} s", flush=True)
    db.execute("COMMIT")
    violations = db.execute("PRAGMA foreign_key_check").fetchall()
    if violations:
        sys.exit(f"foreign key violations: {violations[:5]}")
    t0 = time.time()
    db.execute("ANALYZE")
    print(f"ANALYZE in {time.time() - t0:.0f} s", flush=True)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with open(args.database + ".generated", "w") as stamp:
        stamp.write(f"{now}\n")
    print(f"done: {counts['reports']:,} reports, {counts['events']:,} events, {counts['assignments']:,} assignments, "
          f"{counts['audit']:,} audit lines in {time.time() - started:.0f} s; generated at {now}")


if __name__ == "__main__":
    main()
