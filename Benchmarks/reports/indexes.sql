-- Candidate index changes for the §7 report queries (see README.md). Apply to a copy, e.g.
--   BENCH_EXTRA_SQL=Benchmarks/reports/indexes.sql bash Benchmarks/reports/run.sh
-- Situasi for a provinsi: equality on the provinsi's code prefix, then the period, covering every
-- column the four aggregates read (needs the `substr(r.region_kode, 1, 2) = ?` rewrite of within).
CREATE INDEX reports_provinsi_situation ON reports (substr(region_kode, 1, 2), occurred_at, status, category_id, duplicate_of, region_kode);
-- Situasi for kab/kota and smaller scopes: the region range, covering the aggregates; makes
-- reports_region_occurred (its first two columns) redundant.
CREATE INDEX reports_region_situation ON reports (region_kode, occurred_at, status, category_id, duplicate_of);
DROP INDEX reports_region_occurred;
-- Overdue follow-ups: the assignment columns read per report, without its row.
CREATE INDEX report_assignments_report_state ON report_assignments (report_id, status, due_at, agency_id);
ANALYZE;
