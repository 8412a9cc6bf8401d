import PantauCore

/// The seeded rules that count one category or severity. Their background is the noise thinned to
/// that share of reports (the shares of the load benchmark's generator, Benchmarks/reports/generate.py:
/// kekerasan 3 %, kritis 6 %); an outbreak's extra reports are all of the category.
enum CategoryRules {
    static func share(of rule: DetectionRule) -> Double {
        if rule.minimumSeverity == .kritis { return 0.06 }
        if rule.categoryCode == "kekerasan" { return 0.03 }
        return 0.05
    }

    static func run(world: World, scorer: Scorer, seed: UInt64, sizes: [Double]) {
        let rules = DetectionRule.defaults.filter { $0.categoryCode != nil || $0.minimumSeverity != nil }
        var table = Table(["rule", "share", "level", "parameters", "background alerts/wk/100 kec"]
                          + sizes.map { "size \(decimal($0, 1)): sens / ≤1 d" })
        for rule in rules {
            let share = share(of: rule)
            let background = world.noise(share: share, seed: seed)
            let quiet = scorer.score(level: rule.level, firing: Runner.scan(rule, series: DailySeries.byArea(background, level: rule.level, days: world.days)))
            let cells = sizes.map { size in
                let rows = background + world.extras(size: size, seed: seed)
                let score = scorer.score(level: rule.level, firing: Runner.scan(rule, series: DailySeries.byArea(rows, level: rule.level, days: world.days)))
                return "\(percent(score.sensitivity)) / \(percent(score.sensitivityWithinOneDay))"
            }
            // Without outbreaks every alert of the background counts as false.
            table.add([rule.name, percent(share), rule.level.short, rule.parameters, decimal(quiet.falseAlertsPerWeek, 1)] + cells)
        }
        print("## Category and severity rules (background thinned to the rule's share; outbreak reports all of it)")
        print(table.render())
        print("A kritis rule is meant to fire on every kritis report: its background alerts are its workload, not errors.")
        print()
    }
}
