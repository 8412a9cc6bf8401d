import PantauCore

/// A grid search over the parameters of each detector and level. Each (kind, level, minSigma or
/// window) is measured once and judged for every k and minimumCount (`Detector.fires`).
enum Sweep {
    static let sigmas = [0.5, 1, 1.5, 2, 3]
    static let minimumCounts = [1, 2, 3, 4, 5, 6]
    static func ks(_ kind: DetectorKind) -> [Double] { kind == .c3 ? [1, 2, 3, 4, 5, 6] : [2, 2.5, 3, 3.5, 4, 5] }
    static let windows = [1, 2, 3, 7]
    static let thresholdCounts = Array(2...12)

    static func run(series: [RegionLevel: [String: DailySeries]], scorer: Scorer, minimumSpecificity: Double, maximumFalseAlerts: Double) {
        var results: [(rule: DetectionRule, score: Score)] = []
        let levels: [RegionLevel] = [.desaKelurahan, .kecamatan, .kabupatenKota]
        for level in levels {
            let areas = series[level] ?? [:]
            for kind in [DetectorKind.c1, .c2, .c3] {
                for sigma in sigmas {
                    let base = DetectionRule(name: "sweep", kind: kind, level: level, minSigma: sigma)
                    let measured = Runner.measure(base, series: areas, days: scorer.scoredDays)
                    for k in ks(kind) {
                        for count in minimumCounts {
                            var rule = base
                            rule.k = k
                            rule.minimumCount = count
                            results.append((rule, scorer.score(level: level, firing: Runner.judge(rule, measured: measured))))
                        }
                    }
                }
            }
            for window in windows {
                let base = DetectionRule(name: "sweep", kind: .threshold, level: level, windowDays: window)
                let measured = Runner.measure(base, series: areas, days: scorer.scoredDays)
                for count in thresholdCounts {
                    var rule = base
                    rule.minimumCount = count
                    results.append((rule, scorer.score(level: level, firing: Runner.judge(rule, measured: measured))))
                }
            }
        }
        print("## Sweep: best 3 per detector and level with specificity ≥ \(percent(minimumSpecificity))")
        print("(\(results.count) settings; ranked by sens ≤1 d, then sens, then fewer false alerts)")
        var table = Table(scoreHeader)
        for level in levels {
            for kind in DetectorKind.allCases {
                let best = results
                    .filter { $0.rule.level == level && $0.rule.kind == kind && $0.score.specificity >= minimumSpecificity }
                    .sorted { a, b in
                        if a.score.sensitivityWithinOneDay != b.score.sensitivityWithinOneDay {
                            return a.score.sensitivityWithinOneDay > b.score.sensitivityWithinOneDay
                        }
                        if a.score.sensitivity != b.score.sensitivity { return a.score.sensitivity > b.score.sensitivity }
                        return a.score.falseAlertsPerWeek < b.score.falseAlertsPerWeek
                    }
                    .prefix(3)
                for result in best { table.add(scoreRow("", result.rule, result.score)) }
            }
        }
        print(table.render())
        print()
        // The same grid, limited to settings an analyst team can follow up.
        print("## Sweep: best per detector and level with specificity ≥ \(percent(minimumSpecificity)) and ≤ \(decimal(maximumFalseAlerts, 1)) false alerts/week/100 kecamatan")
        var calm = Table(scoreHeader)
        for level in levels {
            for kind in DetectorKind.allCases {
                let best = results
                    .filter { $0.rule.level == level && $0.rule.kind == kind && $0.score.specificity >= minimumSpecificity && $0.score.falseAlertsPerWeek <= maximumFalseAlerts }
                    .max { a, b in
                        (a.score.sensitivityWithinOneDay, a.score.sensitivity) < (b.score.sensitivityWithinOneDay, b.score.sensitivity)
                    }
                if let best { calm.add(scoreRow("", best.rule, best.score)) }
            }
        }
        print(calm.render())
        print()
    }
}
