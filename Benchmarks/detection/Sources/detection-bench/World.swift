import Foundation
import PantauCore

/// The desa/kelurahan codes of the regions list (kode,nama; `.gz` is read through `gzip -dc`).
/// Lines that are not a 13-character desa code (headers, the upstream file's stray header lines)
/// are skipped.
enum Regions {
    static func desaCodes(path: String) throws -> [String] {
        let data: Data
        if path.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw BenchError("gzip -dc \(path) failed") }
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let text = String(decoding: data, as: UTF8.self)
        var codes: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard let comma = line.firstIndex(of: ",") else { continue }
            let code = line[..<comma]
            if code.utf8.count == 13, let parsed = RegionCode(code), parsed.level == .desaKelurahan {
                codes.append(String(code))
            }
        }
        return codes.sorted()
    }

    /// The desa of the given provinsi codes, or of `sample` kecamatan drawn from those provinsi
    /// (every provinsi when `provinces` is empty).
    static func select(_ all: [String], provinces: [String], kecamatanSample: Int?, random: inout SeededRandom) -> [String] {
        let inProvinces = provinces.isEmpty ? all : all.filter { code in provinces.contains { code.hasPrefix($0 + ".") } }
        guard let kecamatanSample else { return inProvinces }
        var kecamatan = Array(Set(inProvinces.map { String($0.prefix(8)) })).sorted()
        // Partial Fisher-Yates: the first `kecamatanSample` are a uniform sample.
        let n = min(kecamatanSample, kecamatan.count)
        for i in 0..<n { kecamatan.swapAt(i, random.int(in: i...(kecamatan.count - 1))) }
        let chosen = Set(kecamatan.prefix(n))
        return inProvinces.filter { chosen.contains(String($0.prefix(8))) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A planted outbreak: `size` extra reports a day on average (Poisson) in one desa for `length` days.
struct Outbreak {
    let desa: Int
    let start: Int
    let length: Int
    var days: ClosedRange<Int> { start...(start + length - 1) }
}

/// Synthetic report counts over real desa: steady Poisson noise with a weekly rhythm and skewed
/// per-desa rates, and outbreaks planted at known places and days.
struct World {
    let desa: [String]
    let rates: [Double]
    let days: ClosedRange<Int>
    let outbreaks: [Outbreak]
    let spread: RegionLevel
    /// The noise alone, one row per desa-day with reports.
    let noise: [DailyCount]

    /// Reports by weekday, Sunday first (mean 1): offices and monitors file fewer on weekends.
    static let weekday: [Double] = [0.5, 1.13, 1.13, 1.13, 1.13, 1.13, 0.85]

    static func weekdayIndex(_ day: Int) -> Int { ((day + 4) % 7 + 7) % 7 }  // 1970-01-01 was a Thursday

    struct Settings {
        var seed: UInt64
        var firstDay: Int
        var dayCount: Int
        var outbreakCount: Int
        var lengths: ClosedRange<Int>
        var rateScale: Double
        /// Days at the start on which no outbreak begins and nothing is scored (C3 reads 11 days back).
        var warmup: Int
        /// Where an outbreak's reports land: its desa, any desa of its kecamatan or of its kab/kota.
        var spread: RegionLevel
    }

    init(desa: [String], settings: Settings) {
        self.desa = desa
        days = settings.firstDay...(settings.firstDay + settings.dayCount - 1)
        var random = SeededRandom(seed: settings.seed)
        // Skewed rates: most desa see a report every few weeks (median 0.025 a day), kelurahan (towns)
        // about five times more; a lognormal spread (sigma 0.8) gives a long tail of busy places.
        rates = desa.map { code in
            let median = code.dropFirst(9).first == "1" ? 0.12 : 0.025
            return min(3, max(0.002, median * exp(0.8 * random.normal()) * settings.rateScale))
        }
        var rows: [DailyCount] = []
        for (index, code) in desa.enumerated() {
            for day in days {
                let n = random.poisson(rates[index] * Self.weekday[Self.weekdayIndex(day)])
                if n > 0 { rows.append(DailyCount(regionCode: code, day: day, count: n)) }
            }
        }
        noise = rows
        // Outbreaks at random desa and days; two in one kecamatan (one kab/kota when they spread over
        // it) are kept 14 days apart so each is judged against a baseline of its own.
        spread = settings.spread
        let separation = settings.spread == .kabupatenKota ? 5 : 8
        var planted: [Outbreak] = []
        var attempts = 0
        let lastStartOffset = settings.dayCount - settings.lengths.upperBound
        while planted.count < settings.outbreakCount, attempts < settings.outbreakCount * 100, lastStartOffset > settings.warmup {
            attempts += 1
            let candidate = Outbreak(desa: random.int(in: 0...(desa.count - 1)),
                                     start: days.lowerBound + random.int(in: settings.warmup...lastStartOffset),
                                     length: random.int(in: settings.lengths))
            let area = desa[candidate.desa].prefix(separation)
            let clash = planted.contains { other in
                desa[other.desa].prefix(separation) == area
                    && candidate.start <= other.days.upperBound + 14 && other.start <= candidate.days.upperBound + 14
            }
            if !clash { planted.append(candidate) }
        }
        outbreaks = planted
    }

    /// The noise plus the outbreaks' extra reports, `size` a day on average. The extras come from
    /// their own seeded stream, so every size plants the same outbreaks and leaves the noise as is.
    /// With `spread` at kecamatan or kab/kota, each extra report lands in a random desa of the
    /// outbreak's kecamatan or kab/kota (unrest across an area) instead of the outbreak's own desa
    /// (an event in one village).
    func rows(size: Double, seed: UInt64) -> [DailyCount] { noise + extras(size: size, seed: seed) }

    /// The outbreaks' extra reports alone (see `rows`).
    func extras(size: Double, seed: UInt64) -> [DailyCount] {
        var random = SeededRandom(seed: seed ^ 0x5EED_0B5E_ED00_0000 ^ UInt64(size * 1000))
        var rows: [DailyCount] = []
        let prefix = spread == .kabupatenKota ? 5 : 8
        let groups = Dictionary(grouping: desa.indices, by: { desa[$0].prefix(prefix) })
        for outbreak in outbreaks {
            let neighbours = groups[desa[outbreak.desa].prefix(prefix)] ?? [outbreak.desa]
            for day in outbreak.days {
                let n = random.poisson(size)
                if spread != .desaKelurahan {
                    for _ in 0..<n {
                        let place = neighbours[random.int(in: 0...(neighbours.count - 1))]
                        rows.append(DailyCount(regionCode: desa[place], day: day, count: 1))
                    }
                } else if n > 0 {
                    rows.append(DailyCount(regionCode: desa[outbreak.desa], day: day, count: n))
                }
            }
        }
        return rows
    }


    /// The noise thinned to one category or severity: each report kept with probability `share`.
    func noise(share: Double, seed: UInt64) -> [DailyCount] {
        var random = SeededRandom(seed: seed ^ 0x0CA7_E6021E5 ^ UInt64(share * 1_000_000))
        return noise.compactMap { row in
            let kept = (0..<row.count).reduce(0) { total, _ in total + (random.uniform() < share ? 1 : 0) }
            return kept > 0 ? DailyCount(regionCode: row.regionCode, day: row.day, count: kept) : nil
        }
    }

    /// Mean reports a day over all desa (noise only).
    var meanDailyReports: Double { Double(noise.reduce(0) { $0 + $1.count }) / Double(days.count) }
}
