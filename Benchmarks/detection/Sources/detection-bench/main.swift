import Foundation
import PantauCore

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}

let levels: [RegionLevel] = [.desaKelurahan, .kecamatan, .kabupatenKota]
let warmup = 14

var selectionRandom = SeededRandom(seed: options.seed ^ 0xC0DE)
let allDesa: [String]
do { allDesa = try Regions.desaCodes(path: options.wilayah) } catch {
    FileHandle.standardError.write(Data("cannot read \(options.wilayah): \(error)\n".utf8))
    exit(1)
}
let desa = Regions.select(allDesa, provinces: options.provinces, kecamatanSample: options.kecamatanSample, random: &selectionRandom)
guard !desa.isEmpty else {
    FileHandle.standardError.write(Data("no desa selected\n".utf8))
    exit(1)
}

let world = World(desa: desa, settings: .init(
    seed: options.seed, firstDay: options.start.dayNumber, dayCount: options.days, outbreakCount: options.outbreaks,
    lengths: options.lengths, rateScale: options.rateScale, warmup: warmup, spread: options.spread))
let scoredDays = (world.days.lowerBound + warmup)...world.days.upperBound
let scorer = Scorer(world: world, scoredDays: scoredDays)

func seriesByLevel(size: Double) -> [RegionLevel: [String: DailySeries]] {
    let rows = world.rows(size: size, seed: options.seed)
    return Dictionary(uniqueKeysWithValues: levels.map { ($0, DailySeries.byArea(rows, level: $0, days: world.days)) })
}

// The rules measured: the seeded defaults that count every report (the benchmark has no
// categories or severities), plus EARS as published, without a useful SD floor or minimum count.
let classic: [(String, DetectionRule)] = [
    ("EARS klasik C1", DetectionRule(name: "EARS klasik C1", kind: .c1, level: .kecamatan, minimumCount: 1, k: 3, minSigma: 0.1)),
    ("EARS klasik C2", DetectionRule(name: "EARS klasik C2", kind: .c2, level: .kecamatan, minimumCount: 1, k: 3, minSigma: 0.1)),
    ("EARS klasik C3", DetectionRule(name: "EARS klasik C3", kind: .c3, level: .kecamatan, minimumCount: 1, k: 2, minSigma: 0.1)),
]
let benchmarked: [(String, DetectionRule)] = DetectionRule.defaults
    .filter { $0.categoryCode == nil && $0.minimumSeverity == nil }
    .map { ($0.name, $0) } + classic

print("# detection-bench")
print("seed \(options.seed), \(options.days) days from \(options.start), provinsi \(options.provinces.isEmpty ? "all" : options.provinces.joined(separator: ","))"
      + (options.kecamatanSample.map { ", \($0) kecamatan sampled" } ?? ""))
print("\(desa.count) desa/kelurahan, \(scorer.areaCount(.kecamatan)) kecamatan, \(scorer.areaCount(.kabupatenKota)) kab/kota; "
      + "background \(decimal(world.meanDailyReports, 1)) reports/day in all "
      + "(per kecamatan \(decimal(world.meanDailyReports / Double(scorer.areaCount(.kecamatan)))), "
      + "per kab/kota \(decimal(world.meanDailyReports / Double(scorer.areaCount(.kabupatenKota)))))")
print("\(world.outbreaks.count) outbreaks, \(options.lengths.lowerBound)-\(options.lengths.upperBound) days, "
      + "mean \(decimal(options.size, 1)) extra reports/day (Poisson) \(options.spread == .desaKelurahan ? "in one desa" : "spread over the desa of a \(options.spread.short)"); scored days: \(scoredDays.count) (after \(warmup) warm-up days)")
print()

let main = seriesByLevel(size: options.size)
var table = Table(scoreHeader)
for (name, rule) in benchmarked {
    let score = scorer.score(level: rule.level, firing: Runner.scan(rule, series: main[rule.level] ?? [:]))
    table.add(scoreRow(name, rule, score))
}
print("## Rules at outbreak size \(decimal(options.size, 1))")
print(table.render())
print()
print("""
Published anchor (Hutwagner et al., Emerg Infect Dis 2005;11(2):314-316, simulated syndromic data):
| method | sens | spec | time to detection |
|---|---|---|---|
| C1-MILD | 60.1% | 97.0% | 1.12 d |
| C2-MEDIUM | 71.2% | 97.0% | 1.32 d |
| C3-ULTRA | 82.3% | 95.4% | 1.31 d |
sens: outbreaks with an alarm during their span; sens ≤1 d: alarm on day 0 or 1 of the outbreak;
spec: area-days outside outbreaks without alarm; PPV: alarm-days inside outbreaks / all alarm-days;
delay in days from the outbreak's first day (0 = that day); false alerts/wk/100 kec: alarm episodes
(one alert each, as the store raises them) that touch no outbreak, per week per 100 kecamatan simulated.
""")

CategoryRules.run(world: world, scorer: scorer, seed: options.seed, sizes: options.sizes.isEmpty ? [options.size] : options.sizes)

if !options.sizes.isEmpty {
    var bySize = Table(["rule", "level"] + options.sizes.map { "size \(decimal($0, 1)): sens / ≤1 d" })
    let perSize = options.sizes.map { seriesByLevel(size: $0) }
    for (name, rule) in benchmarked {
        let cells = perSize.map { series in
            let score = scorer.score(level: rule.level, firing: Runner.scan(rule, series: series[rule.level] ?? [:]))
            return "\(percent(score.sensitivity)) / \(percent(score.sensitivityWithinOneDay))"
        }
        bySize.add([name, rule.level.short] + cells)
    }
    print("## Sensitivity by outbreak size (mean extra reports/day)")
    print(bySize.render())
    print()
}

if options.sweep {
    Sweep.run(series: main, scorer: scorer, minimumSpecificity: options.minimumSpecificity, maximumFalseAlerts: options.maximumFalseAlerts)
}
