import Foundation

/// Consecutive firing days of one rule in one area: one alert, not one per day.
///
/// The rule: an episode starts on the first firing day after a non-firing day (or the first day
/// evaluated) and lasts while every following day fires; the first quiet day ends it, and a
/// later firing day starts a new episode. An episode is named by its first day, so evaluating the
/// same counts again, on any later day of the episode or on another instance, gives the same key
/// (`alertKey`), which the store keeps UNIQUE.
public struct Episode: Sendable, Equatable {
    public var area: String
    public var firstDay: Int
    public var lastDay: Int
    /// The signals of the episode's days, in day order.
    public var signals: [Signal]

    public init(area: String, signals: [Signal]) {
        precondition(!signals.isEmpty, "An episode has at least one firing day.")
        self.area = area
        self.signals = signals
        self.firstDay = signals.first!.day
        self.lastDay = signals.last!.day
    }

    public var days: Int { lastDay - firstDay + 1 }

    /// The day with the highest statistic relative to its threshold (ties: the earliest).
    public var peak: Signal {
        signals.max { a, b in a.statistic - a.threshold < b.statistic - b.threshold }!
    }

    /// Groups the firing signals of one rule in one area (as `Detector.scan` gives them) into
    /// episodes of consecutive days.
    public static func group(_ signals: [Signal], area: String) -> [Episode] {
        var episodes: [Episode] = []
        var current: [Signal] = []
        for signal in signals.sorted(by: { $0.day < $1.day }) {
            if let last = current.last, signal.day != last.day + 1 {
                episodes.append(Episode(area: area, signals: current))
                current = []
            }
            current.append(signal)
        }
        if !current.isEmpty { episodes.append(Episode(area: area, signals: current)) }
        return episodes
    }

    /// The first day of the episode that `day` belongs to, or nil when `day` does not fire.
    /// It walks back at most `maxLookbackDays`; an episode longer than that is named by the day
    /// the walk stopped, so a very long episode is raised again once per `maxLookbackDays`. The
    /// store reads `rule.countDays(evaluating: (day - maxLookbackDays)...day)` for it.
    public static func firstDay(of rule: DetectionRule, series: DailySeries, day: Int, maxLookbackDays: Int = 30) -> Int? {
        guard Detector.evaluate(rule, series: series, day: day) != nil else { return nil }
        var first = day
        while day - first < maxLookbackDays, Detector.evaluate(rule, series: series, day: first - 1) != nil {
            first -= 1
        }
        return first
    }

    /// The dedup key of an alert: the rule and its version, the area, the category counted and
    /// the episode's first day. A new rule version starts afresh, so an edited rule may alert once
    /// more on an episode its earlier version already raised.
    public static func alertKey(ruleID: Int, ruleVersion: Int, area: String, category: String?, firstDay: Int) -> String {
        "r\(ruleID).v\(ruleVersion)|\(escaped(area))|\(category.map(escaped) ?? "*")|\(firstDay)"
    }

    public func alertKey(ruleID: Int, ruleVersion: Int, category: String?) -> String {
        Self.alertKey(ruleID: ruleID, ruleVersion: ruleVersion, area: area, category: category, firstDay: firstDay)
    }

    /// Escapes the separator so two different inputs never make one key.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "|", with: "%7C")
            .replacingOccurrences(of: "*", with: "%2A")
    }
}
