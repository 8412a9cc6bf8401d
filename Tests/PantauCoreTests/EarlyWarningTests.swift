import Foundation
import PantauCore
import Testing

@Suite("Early warning: EARS and threshold detectors")
struct EarlyWarningTests {
    static func ears(_ kind: DetectorKind, k: Double = 3, minSigma: Double = 0.5, minimumCount: Int = 2) -> DetectionRule {
        DetectionRule(name: "Uji", kind: kind, level: .kecamatan, minimumCount: minimumCount, k: k, minSigma: minSigma)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-6 }

    /// Baseline days 100-106 hold 0,1,0,2,1,0,3: mean 7/7 = 1; squared deviations 1,0,1,1,0,1,4 = 8;
    /// sample SD sqrt(8/6) = 1.1547005. Day 107 has 6: C1 = (6 - 1) / 1.1547005 = 4.3301270.
    @Test("C1 compares the day with the mean and sample SD of the 7 days before it")
    func c1() throws {
        let series = DailySeries(firstDay: 100, counts: [0, 1, 0, 2, 1, 0, 3, 6])
        let signal = try #require(Detector.evaluate(Self.ears(.c1), series: series, day: 107))
        #expect(signal.day == 107 && signal.observed == 6)
        #expect(Self.close(signal.expected, 1) && Self.close(signal.sd, 1.1547005383792515))
        #expect(Self.close(signal.statistic, 4.330127018922194) && signal.threshold == 3)
        // With the SD floored at 2 the statistic is (6 - 1) / 2 = 2.5: no alarm.
        let floored = Detector.measure(Self.ears(.c1, minSigma: 2), series: series, day: 107)
        #expect(Self.close(floored.sd, 2) && Self.close(floored.statistic, 2.5))
        #expect(Detector.evaluate(Self.ears(.c1, minSigma: 2), series: series, day: 107) == nil)
    }

    /// Days 107-108 are the first outbreak days (5, 5) and day 109 has 6. C2 on day 109 reads days
    /// 100-106 (lag 2), so it sees the same baseline as above: (6 - 1) / 1.1547005 = 4.3301270.
    /// C1 reads 102-108 = 0,2,1,0,3,5,5: mean 16/7 = 2.2857143, SD sqrt(27.428571/6) = 2.1380899,
    /// C1 = 1.7371981, so the outbreak hides itself from C1 and not from C2.
    @Test("C2 lags its baseline two days, so an outbreak's first days stay out of it")
    func c2() throws {
        let series = DailySeries(firstDay: 100, counts: [0, 1, 0, 2, 1, 0, 3, 5, 5, 6])
        let c2 = try #require(Detector.evaluate(Self.ears(.c2), series: series, day: 109))
        #expect(Self.close(c2.expected, 1) && Self.close(c2.statistic, 4.330127018922194))
        let c1 = Detector.measure(Self.ears(.c1), series: series, day: 109)
        #expect(Self.close(c1.expected, 16.0 / 7) && Self.close(c1.sd, 2.138089935299395))
        #expect(Self.close(c1.statistic, 1.7371980724307585))
        #expect(Detector.evaluate(Self.ears(.c1), series: series, day: 109) == nil)
    }

    /// Days 0-11 alternate 1,0,...; days 12-14 have 4, 4, 1. Every C2 baseline holds three or four
    /// ones out of seven: mean 3/7 or 4/7, SD sqrt(1.7142857/6) = 0.5345225 (above the 0.5 floor).
    /// C2(10) = (1 - 3/7)/0.5345225 = 1.0690450, C2(11) = (0 - 4/7)/0.5345225 < 0,
    /// C2(12) = (4 - 3/7)/0.5345225 = 6.6815310. C3(12) = 0.0690450 + 0 + 5.6815310 = 5.7505760.
    @Test("C3 adds the C2 exceedances above 1 SD of the day and the two days before")
    func c3() throws {
        let series = DailySeries(firstDay: 0, counts: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 4, 4, 1])
        let day12 = try #require(Detector.evaluate(Self.ears(.c3, k: 2), series: series, day: 12))
        #expect(Self.close(day12.statistic, 5.7505760154603065) && day12.threshold == 2)
        #expect(Self.close(day12.expected, 3.0 / 7) && Self.close(day12.sd, 0.5345224838248488))
        #expect(Self.close(Detector.measure(Self.ears(.c3, k: 2), series: series, day: 13).statistic, 11.095800853708795))
        // Day 14 still carries days 12-13 (C3 = 11.16) but has one report: the minimum count stops it.
        let day14 = Detector.measure(Self.ears(.c3, k: 2), series: series, day: 14)
        #expect(Self.close(day14.statistic, 11.164845821358492) && day14.observed == 1)
        #expect(Detector.evaluate(Self.ears(.c3, k: 2, minimumCount: 2), series: series, day: 14) == nil)
        #expect(Detector.evaluate(Self.ears(.c3, k: 2, minimumCount: 1), series: series, day: 14) != nil)
    }

    @Test("one report in a quiet area is not a spike: the SD floor and the minimum count")
    func quietArea() {
        let one = DailySeries(firstDay: 0, counts: [0, 0, 0, 0, 0, 0, 0, 1])
        let two = DailySeries(firstDay: 0, counts: [0, 0, 0, 0, 0, 0, 0, 2])
        // A flat baseline has SD 0; floored at 0.5, one report scores 2, under k = 3.
        #expect(Self.close(Detector.measure(Self.ears(.c1, minimumCount: 1), series: one, day: 7).statistic, 2))
        #expect(Detector.evaluate(Self.ears(.c1, minimumCount: 1), series: one, day: 7) == nil)
        // With almost no floor (earsC's default is 0) one report is a "spike"; the minimum count refuses it.
        #expect(Detector.evaluate(Self.ears(.c1, minSigma: 0.1, minimumCount: 1), series: one, day: 7) != nil)
        #expect(Detector.evaluate(Self.ears(.c1, minSigma: 0.1, minimumCount: 2), series: one, day: 7) == nil)
        // Two reports score 4 > 3: they fire only when the rule accepts two as enough.
        #expect(Detector.evaluate(Self.ears(.c1, minimumCount: 2), series: two, day: 7) != nil)
        #expect(Detector.evaluate(Self.ears(.c1, minimumCount: 3), series: two, day: 7) == nil)
        for rule in DetectionRule.defaults where rule.kind.isEARS {
            #expect(Detector.evaluate(rule, series: one, day: 7) == nil, "\(rule.name)")
            #expect(Detector.evaluate(rule, series: two, day: 7) == nil, "\(rule.name)")
        }
    }

    @Test("a threshold rule adds the window ending on the day; scan starts once the window is inside the series")
    func threshold() throws {
        let rule = DetectionRule(name: "Uji", kind: .threshold, level: .kecamatan, windowDays: 3, minimumCount: 2)
        let series = DailySeries(firstDay: 0, counts: [0, 1, 0, 0, 1, 1, 0, 0, 0, 0])
        #expect(Detector.scan(rule, series: series).map(\.day) == [5, 6])
        let day5 = try #require(Detector.evaluate(rule, series: series, day: 5))
        #expect(day5.observed == 2 && day5.statistic == 2 && day5.threshold == 2)
        // Days before the series count as 0, so day 1 alone (1 report) does not fire either.
        #expect(Detector.evaluate(rule, series: series, day: 1) == nil)
        var one = rule
        one.windowDays = 1
        one.minimumCount = 1
        #expect(Detector.scan(one, series: series).map(\.day) == [1, 4, 5])
        // An EARS scan starts after its baseline: day 2's 5 reports would fire against the zeros
        // before the series, and scan does not report them.
        let early = DailySeries(firstDay: 0, counts: [0, 0, 5, 0, 0, 0, 0, 0, 0, 0])
        #expect(Detector.evaluate(Self.ears(.c1), series: early, day: 2) != nil)
        #expect(Detector.scan(Self.ears(.c1), series: early).isEmpty)
    }

    @Test("a rule counts reports by category, least severity and status")
    func counting() {
        let kritis = DetectionRule.defaults[0]
        #expect(kritis.minimumSeverity == .kritis && kritis.kind == .threshold && kritis.minimumCount == 1 && kritis.windowDays == 1)
        #expect(kritis.counts(category: "hoaks", severity: .kritis, status: .submitted))
        #expect(!kritis.counts(category: "hoaks", severity: .berat, status: .verified))
        #expect(!kritis.counts(category: "hoaks", severity: .kritis, status: .draft))
        #expect(!kritis.counts(category: "hoaks", severity: .kritis, status: .rejected))
        #expect(kritis.counts(category: "hoaks", severity: .kritis, status: .archived))
        #expect(!kritis.counts(category: "hoaks", severity: .kritis, status: .archived, isDuplicate: true))
        var berat = DetectionRule(name: "Uji", kind: .threshold, categoryCode: "kekerasan", minimumSeverity: .berat)
        #expect(berat.counts(category: "kekerasan", severity: .kritis, status: .resolved))
        #expect(!berat.counts(category: "kekerasan", severity: .sedang, status: .resolved))
        #expect(!berat.counts(category: "hoaks", severity: .kritis, status: .resolved))
        berat.categoryCode = nil
        #expect(berat.counts(category: "hoaks", severity: .kritis, status: .resolved))
    }

    @Test("counts of any level are summed to the rule's level by code prefix")
    func aggregation() {
        #expect(DailySeries.areaCode(of: "36.73.01.1001", at: .kecamatan) == "36.73.01")
        #expect(DailySeries.areaCode(of: "36.73.01.1001", at: .provinsi) == "36")
        #expect(DailySeries.areaCode(of: "36.73.01.1001", at: .desaKelurahan) == "36.73.01.1001")
        #expect(DailySeries.areaCode(of: "36.73", at: .nasional) == "ID")
        #expect(DailySeries.areaCode(of: "36.73", at: .kecamatan) == nil)
        #expect(DailySeries.areaCode(of: "36.731", at: .kabupatenKota) == nil)
        #expect(DailySeries.areaCode(of: "ID", at: .provinsi) == nil)
        let rows = [
            DailyCount(regionCode: "36.73.01.1001", day: 10, count: 2),
            DailyCount(regionCode: "36.73.01.1002", day: 10, count: 1),
            DailyCount(regionCode: "36.73.02.1001", day: 11, count: 1),
            DailyCount(regionCode: "36.73.01", day: 12, count: 1),   // placed at the kecamatan itself
            DailyCount(regionCode: "36.73", day: 10, count: 5),      // a kota-level report: no kecamatan
            DailyCount(regionCode: "36.73.01.1001", day: 13, count: 9),  // outside the days read
            DailyCount(regionCode: "xx", day: 10, count: 4),
        ]
        let kecamatan = DailySeries.byArea(rows, level: .kecamatan, days: 10...12)
        #expect(kecamatan == ["36.73.01": DailySeries(firstDay: 10, counts: [3, 0, 1]),
                              "36.73.02": DailySeries(firstDay: 10, counts: [0, 1, 0])])
        #expect(DailySeries.byArea(rows, level: .kabupatenKota, days: 10...12) == ["36.73": DailySeries(firstDay: 10, counts: [8, 1, 1])])
    }

    @Test("the days a rule reads are enough: evaluating on just those days gives the same signal")
    func countDays() {
        let c1 = Self.ears(.c1), c2 = Self.ears(.c2), c3 = Self.ears(.c3)
        let threshold = DetectionRule(name: "Uji", kind: .threshold, windowDays: 3, minimumCount: 2)
        #expect(c1.countDays(evaluating: 100) == 93...100)
        #expect(c2.countDays(evaluating: 100) == 91...100)
        #expect(c3.countDays(evaluating: 100) == 89...100)
        #expect(threshold.countDays(evaluating: 100) == 98...100)
        #expect(c3.countDays(evaluating: 100...105) == 89...105)
        var random = SplitMix(seed: 7)
        let long = DailySeries(firstDay: 0, counts: (0..<120).map { _ in random.poisson(1.5) })
        for rule in [c1, c2, c3, threshold] {
            for day in [60, 99, 119] {
                let range = rule.countDays(evaluating: day)
                let trimmed = DailySeries(firstDay: range.lowerBound, counts: range.map { long.count(on: $0) })
                #expect(Detector.measure(rule, series: trimmed, day: day) == Detector.measure(rule, series: long, day: day))
            }
            // The range is not too wide: its first day is read (a burst there changes the result).
            let range = rule.countDays(evaluating: 50)
            var burst = DailySeries(days: range)
            burst.counts[0] = 40
            burst.counts[burst.counts.count - 1] = 3
            burst.counts[burst.counts.count - 3] = 3  // C3 reads its first day through C2 of day 48
            var quiet = burst
            quiet.counts[0] = 0
            #expect(Detector.measure(rule, series: burst, day: 50) != Detector.measure(rule, series: quiet, day: 50), "\(rule.kind)")
        }
    }

    @Test("a planted spike is found and steady Poisson noise mostly is not")
    func plantedSpike() {
        let rule = DetectionRule.defaults.first { $0.kind == .c2 }!
        var random = SplitMix(seed: 2024)
        var falseDays = 0, scoredDays = 0
        for _ in 0..<20 {
            let noise = DailySeries(firstDay: 0, counts: (0..<200).map { _ in random.poisson(0.5) })
            falseDays += Detector.scan(rule, series: noise).count
            scoredDays += 200 - rule.lookbackDays
        }
        #expect(Double(falseDays) / Double(scoredDays) < 0.01, "\(falseDays) of \(scoredDays) days")
        var spiked = DailySeries(firstDay: 0, counts: (0..<200).map { _ in random.poisson(0.5) })
        for day in 150...152 { spiked.counts[day] += 8 }
        let alarms = Detector.scan(rule, series: spiked).map(\.day)
        #expect(alarms.contains(150) || alarms.contains(151), "\(alarms)")
        let episode = Episode.group(Detector.scan(rule, series: spiked), area: "36.73.01").first { $0.lastDay >= 150 && $0.firstDay <= 152 }
        #expect(episode != nil && episode!.firstDay <= 151)
    }

    @Test("consecutive firing days are one episode named by its first day")
    func episodes() throws {
        let signals = [3, 4, 5, 8, 10, 11].map { Signal(day: $0, observed: $0, expected: 0, sd: 0, statistic: Double($0), threshold: 1) }
        let episodes = Episode.group(signals.reversed(), area: "36.73.01")
        #expect(episodes.map { [$0.firstDay, $0.lastDay] } == [[3, 5], [8, 8], [10, 11]])
        #expect(episodes[0].days == 3 && episodes[0].peak.day == 5)
        let rule = DetectionRule(name: "Uji", kind: .threshold, windowDays: 3, minimumCount: 2)
        let series = DailySeries(firstDay: 0, counts: [0, 1, 0, 0, 1, 1, 0, 0, 0, 0])
        #expect(Episode.firstDay(of: rule, series: series, day: 6) == 5)
        #expect(Episode.firstDay(of: rule, series: series, day: 5) == 5)
        #expect(Episode.firstDay(of: rule, series: series, day: 7) == nil)
        #expect(Episode.firstDay(of: rule, series: series, day: 6, maxLookbackDays: 0) == 6)
        let key = Episode.alertKey(ruleID: 7, ruleVersion: 2, area: "36.73.01", category: "kekerasan", firstDay: 19_700)
        #expect(key == "r7.v2|36.73.01|kekerasan|19700")
        #expect(episodes[0].alertKey(ruleID: 7, ruleVersion: 2, category: "kekerasan") == "r7.v2|36.73.01|kekerasan|3")
        #expect(Episode.alertKey(ruleID: 7, ruleVersion: 3, area: "36.73.01", category: "kekerasan", firstDay: 19_700) != key)
        #expect(Episode.alertKey(ruleID: 7, ruleVersion: 2, area: "36.73.01", category: nil, firstDay: 19_700)
            != Episode.alertKey(ruleID: 7, ruleVersion: 2, area: "36.73.01", category: "*", firstDay: 19_700))
        #expect(Episode.alertKey(ruleID: 1, ruleVersion: 1, area: "a|b", category: "c", firstDay: 1)
            != Episode.alertKey(ruleID: 1, ruleVersion: 1, area: "a", category: "b|c", firstDay: 1))
    }

    @Test("bad parameters are refused at their fields; the seeded rules are valid")
    func validation() throws {
        let threshold = DetectionRule(name: " ", kind: .threshold, categoryCode: "Kekerasan!", windowDays: 0, minimumCount: 0)
        #expect(Set(threshold.validate().map(\.field)) == ["nama", "kode_kategori", "jendela_hari", "jumlah_minimum"])
        let ears = DetectionRule(name: "Uji", kind: .c2, minimumCount: 0, k: .nan, minSigma: 0, baselineDays: 2)
        #expect(Set(ears.validate().map(\.field)) == ["ambang_k", "sigma_minimum", "hari_dasar", "jumlah_minimum"])
        #expect(DetectionRule(name: "Uji", kind: .c3, k: 21, minSigma: -1).validate().map(\.field) == ["ambang_k", "sigma_minimum"])
        #expect(ears.validate().allSatisfy { !$0.message.isEmpty })
        for rule in DetectionRule.defaults { #expect(rule.validate().isEmpty, "\(rule.name)") }
        #expect(Set(DetectionRule.defaults.map(\.name)).count == DetectionRule.defaults.count)
        #expect(Set(DetectionRule.defaults.map(\.kind)) == Set(DetectorKind.allCases))
        let json = try JSONEncoder().encode(DetectionRule.defaults)
        #expect(try JSONDecoder().decode([DetectionRule].self, from: json) == DetectionRule.defaults)
        #expect(String(decoding: try JSONEncoder().encode(DetectorKind.threshold), as: UTF8.self) == "\"ambang\"")
    }
}

/// Knuth's Poisson draw for the noise fixtures.
extension SplitMix {
    mutating func poisson(_ lambda: Double) -> Int {
        let limit = exp(-lambda)
        var count = 0, product = uniform()
        while product > limit { count += 1; product *= uniform() }
        return count
    }
}

@Suite("Early warning: the days a change reaches")
struct RuleReachTests {
    @Test("a change on a day can make a threshold rule fire for the rest of its window and C3 for two more days, C1 and C2 on the day only")
    func reach() {
        var threshold = DetectionRule(name: "Uji", kind: .threshold, windowDays: 3, minimumCount: 3)
        #expect(threshold.reachDays == 2)
        threshold.windowDays = 1
        #expect(threshold.reachDays == 0)
        #expect(EarlyWarningTests.ears(.c3).reachDays == 2 && EarlyWarningTests.ears(.c1).reachDays == 0 && EarlyWarningTests.ears(.c2).reachDays == 0)
        // A threshold rule's day t + reach still counts day t: 3 reports on day 10 fire on 12, not 13.
        let series = DailySeries(firstDay: 0, counts: Array(repeating: 0, count: 10) + [3, 0, 0, 0])
        var rule = DetectionRule(name: "Uji", kind: .threshold, windowDays: 3, minimumCount: 3)
        #expect(Detector.evaluate(rule, series: series, day: 10 + rule.reachDays) != nil)
        #expect(Detector.evaluate(rule, series: series, day: 11 + rule.reachDays) == nil)
        rule.windowDays = 2
        #expect(Detector.evaluate(rule, series: series, day: 10 + rule.reachDays) != nil)
    }
}
