#!/usr/bin/env python3
"""Sequential latency of the report list and the Situasi dashboard, p50/p95 over N requests each.

    python3 Benchmarks/reports/timing.py --base http://127.0.0.1:PORT --db DB \
        --prov-token T --prov 35 --kota-token T --kota 36.73 [--samples 300] [--json out.json]

One keep-alive connection, one request at a time, timed from sending the request to the last byte of
the body (so the figures include HTTP, rendering and this client, about 0.1 ms). Each case first
sends 10 unmeasured requests. A case that varies a filter cycles through its values (categories,
or the scope's children) so that one hot query is not the whole story. Any status other than 200
stops the run.
"""
import argparse
import datetime
import http.client
import json
import math
import sqlite3
import statistics
import sys
import time
import urllib.parse

CATEGORIES = ["politik_uang", "netralitas", "pelanggaran_kampanye", "hoaks", "ujaran_kebencian", "intimidasi", "kekerasan", "unjuk_rasa",
              "perusakan", "gangguan_penyelenggaraan", "sengketa", "konflik_sosial", "kebijakan_pemda", "kegiatan_parpol", "kegiatan_ormas", "lainnya"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank


def measure(base, token, paths, samples):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Accept": "*/*"}
    times, sizes = [], []
    for i in range(10 + samples):
        path = paths[i % len(paths)]
        for attempt in (1, 2):
            try:
                start = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closed a keep-alive connection: reconnect once, and say so.
                print(f"    (connection closed by the server at request {i}; reconnected)", file=sys.stderr)
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
                if attempt == 2:
                    raise
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            sys.exit(f"GET {path}: {response.status} {body[:300]!r}")
        if i >= 10:
            times.append(elapsed)
            sizes.append(len(body))
    connection.close()
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "max": max(times), "mean": statistics.mean(times), "bytes": int(statistics.mean(sizes))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--db", required=True, help="the benchmark database, read for the scopes' children")
    parser.add_argument("--prov-token", required=True)
    parser.add_argument("--prov", required=True)
    parser.add_argument("--kota-token", required=True)
    parser.add_argument("--kota", required=True)
    parser.add_argument("--nas-token", help="a national analyst's token: adds the national Situasi")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--only", help="run only cases whose name contains this text")
    parser.add_argument("--json")
    args = parser.parse_args()

    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    def children(code):
        return [k for (k,) in db.execute("SELECT kode FROM regions WHERE parent_kode = ? ORDER BY kode", (code,))]
    prov_children, kota_children = children(args.prov), children(args.kota)
    db.close()

    wib = datetime.timezone(datetime.timedelta(hours=7))
    today = datetime.datetime.now(wib).date()
    year = f"dari={(today - datetime.timedelta(days=364)).isoformat()}&sampai={today.isoformat()}"
    # The region map is at /wilayah/<kode>/peta.svg; a build from before the Bahasa Indonesia page
    # paths (BENCH_SOURCE=<older commit>) has it at /regions/<kode>/map.svg.
    probe = urllib.parse.urlparse(args.base)
    connection = http.client.HTTPConnection(probe.hostname, probe.port, timeout=60)
    connection.request("GET", f"/wilayah/{args.kota}/peta.svg", headers={"Authorization": f"Bearer {args.kota_token}"})
    modern = connection.getresponse()
    modern.read()
    connection.close()
    def region_map(code):
        return f"/wilayah/{code}/peta.svg" if modern.status == 200 else f"/regions/{code}/map.svg"
    def lists(filters):
        return [f"/api/v1/reports?{f}" for f in filters]
    cases = [
        ("list provinsi  status=verified & kategori", args.prov_token, lists(f"status=verified&kategori={c}" for c in CATEGORIES)),
        ("list provinsi  tingkat=berat,kritis & wilayah=kab/kota", args.prov_token, lists(f"tingkat=berat,kritis&wilayah={k}" for k in prov_children)),
        ("list kota      status=verified & kategori", args.kota_token, lists(f"status=verified&kategori={c}" for c in CATEGORIES)),
        ("list kota      tingkat=berat,kritis & wilayah=kecamatan", args.kota_token, lists(f"tingkat=berat,kritis&wilayah={k}" for k in kota_children)),
        ("situasi provinsi 30 hari (default)", args.prov_token, ["/situasi"]),
        ("situasi provinsi 365 hari", args.prov_token, [f"/situasi?{year}"]),
        ("situasi kota     30 hari (default)", args.kota_token, ["/situasi"]),
        ("situasi kota     365 hari", args.kota_token, [f"/situasi?{year}"]),
    ] + ([
        ("situasi nasional 30 hari (default)", args.nas_token, ["/situasi"]),
        ("situasi nasional 365 hari", args.nas_token, [f"/situasi?{year}"]),
    ] if args.nas_token else []) + [
        # For reference: the region map the dashboard's choropleth is drawn on, without any report query.
        ("peta provinsi (map.svg, no report query)", args.prov_token, [region_map(args.prov)]),
        ("peta kota     (map.svg, no report query)", args.kota_token, [region_map(args.kota)]),
    ]
    results = {}
    for name, token, paths in cases:
        if args.only and args.only not in name:
            continue
        results[name] = measure(args.base, token, paths, args.samples)
        r = results[name]
        print(f"  {name:<55} p50 {r['p50']:7.1f} ms   p95 {r['p95']:7.1f} ms   max {r['max']:7.1f} ms   ({r['bytes']:,} bytes)", flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
