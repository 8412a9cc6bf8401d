import PantauCore

/// How one rule did against the planted outbreaks, at the rule's level.
struct Score {
    var outbreaks = 0
    var detected = 0
    /// Detected on the outbreak's first or second day.
    var detectedWithinOneDay = 0
    /// Days from an outbreak's start to its first alarm (0 = the start day, as Hutwagner 2005
    /// counts: a one-day spike found on its day has time to detection 0.0).
    var delays: [Int] = []
    var alarmDays = 0
    var alarmDaysInOutbreaks = 0
    var outbreakAreaDays = 0
    var areaDays = 0
    var falseEpisodes = 0
    var scoredDays = 0

    var sensitivity: Double { ratio(detected, outbreaks) }
    var sensitivityWithinOneDay: Double { ratio(detectedWithinOneDay, outbreaks) }
    /// Area-days outside every outbreak without an alarm, over all area-days outside outbreaks.
    var specificity: Double {
        let quiet = areaDays - outbreakAreaDays
        return ratio(quiet - (alarmDays - alarmDaysInOutbreaks), quiet)
    }
    var positivePredictiveValue: Double { ratio(alarmDaysInOutbreaks, alarmDays) }
    var medianDelay: Double {
        let sorted = delays.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }
    var meanDelay: Double { delays.isEmpty ? .nan : Double(delays.reduce(0, +)) / Double(delays.count) }
    var kecamatanCount = 0
    /// Alerts (episodes, as the store raises them) that touch no outbreak day, per week and per 100
    /// kecamatan of the simulated region: what analysts would check in vain, in a unit that
    /// compares levels and installations of any size (a provinsi has 100-600 kecamatan).
    var falseAlertsPerWeek: Double { Double(falseEpisodes) / (Double(scoredDays) / 7) / (Double(kecamatanCount) / 100) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
}

/// Scores firing signals against the world's outbreaks on the scored days.
struct Scorer {
    let world: World
    let scoredDays: ClosedRange<Int>
    private var areasByLevel: [RegionLevel: Int] = [:]
    private var outbreaksByLevel: [RegionLevel: [(area: String, outbreak: Outbreak)]] = [:]

    init(world: World, scoredDays: ClosedRange<Int>) {
        self.world = world
        self.scoredDays = scoredDays
        for level in [RegionLevel.provinsi, .kabupatenKota, .kecamatan, .desaKelurahan] {
            areasByLevel[level] = Set(world.desa.compactMap { DailySeries.areaCode(of: $0, at: level) }).count
            outbreaksByLevel[level] = world.outbreaks.map { (DailySeries.areaCode(of: world.desa[$0.desa], at: level)!, $0) }
        }
    }

    func areaCount(_ level: RegionLevel) -> Int { areasByLevel[level] ?? 0 }

    /// `firing`: per area, the signals that fired (any order, any days; only scored days count).
    func score(level: RegionLevel, firing: [String: [Signal]]) -> Score {
        var score = Score()
        score.scoredDays = scoredDays.count
        score.kecamatanCount = areaCount(.kecamatan)
        score.areaDays = areaCount(level) * scoredDays.count
        var outbreakDays: [String: Set<Int>] = [:]
        for (area, outbreak) in outbreaksByLevel[level] ?? [] {
            outbreakDays[area, default: []].formUnion(outbreak.days.filter(scoredDays.contains))
        }
        score.outbreakAreaDays = outbreakDays.values.reduce(0) { $0 + $1.count }
        var alarmDaysByArea: [String: Set<Int>] = [:]
        for (area, signals) in firing {
            let scored = signals.filter { scoredDays.contains($0.day) }
            guard !scored.isEmpty else { continue }
            let inOutbreak = outbreakDays[area] ?? []
            let days = Set(scored.map(\.day))
            alarmDaysByArea[area] = days
            score.alarmDays += days.count
            score.alarmDaysInOutbreaks += days.intersection(inOutbreak).count
            // One alert per episode, as the store raises them.
            score.falseEpisodes += Episode.group(scored, area: area).filter { episode in
                !(episode.firstDay...episode.lastDay).contains { inOutbreak.contains($0) }
            }.count
        }
        for (area, outbreak) in outbreaksByLevel[level] ?? [] {
            score.outbreaks += 1
            let alarms = alarmDaysByArea[area] ?? []
            if let first = outbreak.days.first(where: { alarms.contains($0) }) {
                score.detected += 1
                score.delays.append(first - outbreak.start)
                if first - outbreak.start <= 1 { score.detectedWithinOneDay += 1 }
            }
        }
        return score
    }
}

/// Runs rules over the series of their level.
enum Runner {
    /// The firing signals of `rule` in every area, through `Detector.scan` (the path the store uses).
    static func scan(_ rule: DetectionRule, series: [String: DailySeries]) -> [String: [Signal]] {
        series.mapValues { Detector.scan(rule, series: $0) }
    }

    /// Every area's measured signals on the scored days, for judging many `k` and `minimumCount`
    /// values without measuring again (`Detector.fires` reads those two from the rule).
    static func measure(_ rule: DetectionRule, series: [String: DailySeries], days: ClosedRange<Int>) -> [String: [Signal]] {
        series.mapValues { one in days.map { Detector.measure(rule, series: one, day: $0) } }
    }

    static func judge(_ rule: DetectionRule, measured: [String: [Signal]]) -> [String: [Signal]] {
        measured.mapValues { $0.filter { Detector.fires(rule, $0) } }
    }
}
