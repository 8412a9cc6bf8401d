-- wrk script: POST /api/v1/reports with a bearer token, a fresh Idempotency-Key per request and a
-- valid report body (RawReport's JSON keys) at a desa picked from BENCH_CODES (a Lua file that sets
-- `codes`, written by run.sh). Environment: BENCH_TOKEN, BENCH_CODES, BENCH_RUN (a run id).
local token = os.getenv("BENCH_TOKEN")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
dofile(os.getenv("BENCH_CODES"))

local categories = { "politik_uang", "netralitas", "pelanggaran_kampanye", "hoaks", "ujaran_kebencian", "intimidasi", "kekerasan",
  "unjuk_rasa", "perusakan", "gangguan_penyelenggaraan", "sengketa", "konflik_sosial", "kebijakan_pemda", "kegiatan_parpol",
  "kegiatan_ormas", "lainnya" }
local severities = { "ringan", "ringan", "sedang", "sedang", "sedang", "berat", "kritis" }
local sources = { "field_monitor", "field_monitor", "agency", "media", "social_media" }

local threads = {}
local counter = 0
-- `tid` is a global that setup() gives each thread (thread:set); a local here would hide it.

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  counter = counter + 1
  local code = codes[math.random(#codes)]
  local when = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - math.random(0, 7 * 86400))
  local body = string.format(
    '{"judul":"Uji beban laporan %d-%d","uraian":"Laporan uji beban dari pemantau lapangan. Situasi terpantau kondusif, warga berkumpul di balai desa.",' ..
    '"kategori":"%s","tingkat":"%s","sumber":"%s","waktu_kejadian":"%s","presisi_waktu":"exact","kode_wilayah":"%s",' ..
    '"tempat":"Balai desa","pihak_jenis":["citizens"],"jumlah_terlibat":%d,"tag":["uji-beban"]}',
    tid, counter, categories[math.random(#categories)], severities[math.random(#severities)], sources[math.random(#sources)], when, code,
    math.random(0, 200))
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, tid, counter),
  }
  return wrk.format("POST", "/api/v1/reports", headers, body)
end
-- No response() callback: it would make wrk parse every body and cost this run client CPU that the
-- /health run does not pay. run.sh checks the outcome in the database (rows written = requests made).
