/// The daily report counts of one area over contiguous days; a day without reports is 0.
public struct DailySeries: Sendable, Equatable {
    /// The first day of `counts`, in days since 1970-01-01 (local days, as `LocalDate.dayNumber`).
    public var firstDay: Int
    public var counts: [Int]

    public init(firstDay: Int, counts: [Int]) {
        (self.firstDay, self.counts) = (firstDay, counts)
    }

    /// A series of zeros covering `days`.
    public init(days: ClosedRange<Int>) {
        self.init(firstDay: days.lowerBound, counts: Array(repeating: 0, count: days.count))
    }

    public var lastDay: Int { firstDay + counts.count - 1 }
    public var days: ClosedRange<Int>? { counts.isEmpty ? nil : firstDay...lastDay }

    /// The count on `day`; 0 outside the series, since the store reads every day a rule needs
    /// (`DetectionRule.countDays`) and a day it has no row for had no reports.
    public func count(on day: Int) -> Int {
        let index = day - firstDay
        return counts.indices.contains(index) ? counts[index] : 0
    }
}

/// What a detector measured on one day.
public struct Signal: Sendable, Equatable {
    public var day: Int
    /// The count tested: that day's count for EARS, the window's total for a threshold rule.
    public var observed: Int
    /// The baseline mean (EARS); 0 for a threshold rule.
    public var expected: Double
    /// The baseline standard deviation after the `minSigma` floor (EARS); 0 for a threshold rule.
    public var sd: Double
    /// C1 or C2: (observed - expected) / sd. C3: the summed exceedances. Threshold: the total.
    public var statistic: Double
    /// What the statistic is compared with: `k` for EARS, `minimumCount` for a threshold rule.
    public var threshold: Double

    public init(day: Int, observed: Int, expected: Double, sd: Double, statistic: Double, threshold: Double) {
        (self.day, self.observed, self.expected, self.sd, self.statistic, self.threshold) = (day, observed, expected, sd, statistic, threshold)
    }
}

/// The pure detectors. Definitions follow Hutwagner et al. 2005 and the `earsC` function of the
/// R package `surveillance` (R/earsC.R), with x_t the count on day t and B = `baselineDays`:
/// - C1: mean and sample SD (n - 1, as R's `sd`) of x over t-B...t-1; the SD is floored at
///   `minSigma` (earsC: `pmax(sd, minSigma)`); C1 = (x_t - mean) / sd; alarm when C1 > k (3).
/// - C2: the same with the baseline lagged two days, t-B-2...t-3 (earsC: `(baseline + 2):3`).
/// - C3: the sum over i = t-2...t of max(0, C2_i - 1); alarm when C3 > k (2). This is the
///   published CDC form. earsC's C3 upper bound is x_t + sd * (z - the terms of t-2 and t-1), so
///   x_t cancels and its alarm reads only the two earlier days; Pantau counts the day itself too.
/// Every EARS alarm also needs x_t >= `minimumCount`, so a lone report in a quiet area, whose
/// SD is all floor, never fires. A threshold rule fires when the reports of the `windowDays` days
/// ending on t add up to at least `minimumCount`.
public enum Detector {
    /// The signal for `day`, or nil when the rule does not fire that day. Pure and deterministic.
    public static func evaluate(_ rule: DetectionRule, series: DailySeries, day: Int) -> Signal? {
        let signal = measure(rule, series: series, day: day)
        return fires(rule, signal) ? signal : nil
    }

    /// Every day of the series that fires, from the first day whose whole baseline or window lies
    /// inside the series (as `earsC` starts C1 at baseline + 1) to its last day.
    public static func scan(_ rule: DetectionRule, series: DailySeries) -> [Signal] {
        let first = series.firstDay + rule.lookbackDays
        guard first <= series.lastDay else { return [] }
        return (first...series.lastDay).compactMap { evaluate(rule, series: series, day: $0) }
    }

    /// What the rule measures on `day`, whether or not it fires (for charts and explanations).
    public static func measure(_ rule: DetectionRule, series: DailySeries, day: Int) -> Signal {
        let observed = series.count(on: day)
        switch rule.kind {
        case .threshold:
            let total = ((day - max(1, rule.windowDays) + 1)...day).reduce(0) { $0 + series.count(on: $1) }
            return Signal(day: day, observed: total, expected: 0, sd: 0, statistic: Double(total), threshold: Double(rule.minimumCount))
        case .c1, .c2:
            let base = baseline(series, endingOn: day - (rule.kind == .c1 ? 1 : 3), rule: rule)
            return Signal(day: day, observed: observed, expected: base.mean, sd: base.sd,
                          statistic: (Double(observed) - base.mean) / base.sd, threshold: rule.k)
        case .c3:
            var sum = 0.0
            for i in (day - 2)...day {
                let base = baseline(series, endingOn: i - 3, rule: rule)
                sum += max(0, (Double(series.count(on: i)) - base.mean) / base.sd - 1)
            }
            let today = baseline(series, endingOn: day - 3, rule: rule)
            return Signal(day: day, observed: observed, expected: today.mean, sd: today.sd, statistic: sum, threshold: rule.k)
        }
    }

    /// Whether a measured signal fires under `rule`. It reads `k` and `minimumCount` from the
    /// rule, not the signal, so a signal measured once can be judged again with other values of
    /// those two (the benchmark's parameter sweep does).
    public static func fires(_ rule: DetectionRule, _ signal: Signal) -> Bool {
        switch rule.kind {
        case .threshold: signal.statistic >= Double(rule.minimumCount)
        case .c1, .c2, .c3: signal.statistic > rule.k && signal.observed >= rule.minimumCount
        }
    }

    /// Mean and floored sample SD of the `baselineDays` days ending on `last`.
    static func baseline(_ series: DailySeries, endingOn last: Int, rule: DetectionRule) -> (mean: Double, sd: Double) {
        let n = max(rule.baselineDays, 2)
        let values = ((last - n + 1)...last).map { Double(series.count(on: $0)) }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        return (mean, max(variance.squareRoot(), rule.minSigma))
    }
}
