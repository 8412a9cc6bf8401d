/// How a rule decides that a day in an area is unusual.
///
/// The EARS methods (C1-MILD, C2-MEDIUM, C3-ULTRA) are the CDC's Early Aberration Reporting
/// System detectors for sparse daily counts with little history. Sources: Hutwagner, Browne,
/// Seeman, Fleischauer, "Comparing aberration detection methods with simulated data", Emerg
/// Infect Dis 2005;11(2):314-316 (the definitions in its table notes and the sensitivity,
/// specificity and time-to-detection figures the benchmark quotes); Hutwagner, Thompson, Seeman,
/// Treadwell, Stat Med 2005;24(4):543-550; the `earsC` function of the R package `surveillance`
/// (R/earsC.R). See `Detector` for the formulas.
public enum DetectorKind: String, Sendable, CaseIterable, Codable {
    /// At least `minimumCount` reports within `windowDays` days.
    case threshold = "ambang"
    /// Today against the mean and SD of the previous `baselineDays` days.
    case c1
    /// As C1 with the baseline moved back two days, so the first days of an outbreak stay out of it.
    case c2
    /// The sum of the C2 exceedances (above 1 SD) of today and the two days before.
    case c3

    public var label: String {
        switch self {
        case .threshold: "Ambang jumlah laporan"
        case .c1: "EARS C1 (pembanding 7 hari terakhir)"
        case .c2: "EARS C2 (pembanding dengan jeda 2 hari)"
        case .c3: "EARS C3 (akumulasi 3 hari)"
        }
    }

    public var isEARS: Bool { self != .threshold }
}

/// A rule analysts edit: which reports it counts, the level their counts are summed to, and the
/// detector with its parameters. The store keeps its id and version; the core only decides.
public struct DetectionRule: Sendable, Equatable, Codable {
    /// What analysts call the rule (Bahasa Indonesia), shown on alerts.
    public var name: String
    public var kind: DetectorKind
    /// The report category counted; nil counts every category together.
    public var categoryCode: String?
    /// The least severity counted; nil counts every severity. "Any kritis report" is a threshold
    /// rule with `.kritis`, `minimumCount` 1 and `windowDays` 1.
    public var minimumSeverity: Severity?
    /// The level report counts are summed to before testing. Desa are too sparse for EARS;
    /// kecamatan or kabupaten/kota are typical (see Benchmarks/detection/README.md).
    public var level: RegionLevel
    /// Threshold rules: the number of days, ending on the evaluated day, whose reports are added.
    public var windowDays: Int
    /// Threshold rules: the number of reports that fires. EARS rules: the least count on the
    /// evaluated day for an alarm, so one report in a quiet area is never a spike.
    public var minimumCount: Int
    /// EARS: the statistic must exceed this (3 for C1 and C2, 2 for C3 in Hutwagner 2005).
    public var k: Double
    /// EARS: the floor on the baseline standard deviation (`minSigma` in `earsC`).
    public var minSigma: Double
    /// EARS: the number of baseline days (7 in EARS).
    public var baselineDays: Int

    public init(name: String, kind: DetectorKind, categoryCode: String? = nil, minimumSeverity: Severity? = nil,
                level: RegionLevel = .kecamatan, windowDays: Int = 1, minimumCount: Int = 1,
                k: Double = 3, minSigma: Double = 1, baselineDays: Int = 7) {
        (self.name, self.kind, self.categoryCode, self.minimumSeverity, self.level) = (name, kind, categoryCode, minimumSeverity, level)
        (self.windowDays, self.minimumCount, self.k, self.minSigma, self.baselineDays) = (windowDays, minimumCount, k, minSigma, baselineDays)
    }

    /// Whether a report of this category, severity and status is counted by the rule. Drafts are
    /// not reports yet, rejected reports were found untrue and a duplicate (`duplicate_of` set) is
    /// an event already counted; every other status counts, so a report that is resolved or
    /// archived later does not change the history.
    public func counts(category: String, severity: Severity, status: ReportStatus, isDuplicate: Bool = false) -> Bool {
        guard Self.countedStatuses.contains(status), !isDuplicate else { return false }
        if let categoryCode, categoryCode != category { return false }
        if let minimumSeverity, severity < minimumSeverity { return false }
        return true
    }

    public static let countedStatuses: Set<ReportStatus> = Set(ReportStatus.allCases).subtracting([.draft, .rejected])

    /// How many days before the evaluated day the detector reads.
    /// C1 reads t-B...t-1; C2 reads t-B-2...t-3; C3 needs C2 on t-2, t-1 and t, so t-B-4...t.
    public var lookbackDays: Int {
        switch kind {
        case .threshold: windowDays - 1
        case .c1: baselineDays
        case .c2: baselineDays + 2
        case .c3: baselineDays + 4
        }
    }

    /// How many days after a changed day a new report there can make the rule fire: a threshold
    /// window still holds it for `windowDays - 1` more days, C3 sums the two days after; C1 and
    /// C2 fire on the day's own count (a later day's baseline only grows with it).
    public var reachDays: Int {
        switch kind {
        case .threshold: windowDays - 1
        case .c3: 2
        case .c1, .c2: 0
        }
    }

    /// The days of counts the store must read to evaluate every day in `days`.
    public func countDays(evaluating days: ClosedRange<Int>) -> ClosedRange<Int> {
        (days.lowerBound - max(0, lookbackDays))...days.upperBound
    }

    /// The days of counts the store must read to evaluate `day`.
    public func countDays(evaluating day: Int) -> ClosedRange<Int> { countDays(evaluating: day...day) }

    /// Every problem with the rule, with Bahasa Indonesia field names and messages.
    public func validate() -> [FieldError] {
        var v = Validator()
        _ = v.requiredText(name, "nama", label: "Nama aturan", maxLength: 120)
        if let categoryCode {
            let ok = (1...60).contains(categoryCode.count)
                && categoryCode.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
            v.check(ok, "kode_kategori", "Kode kategori 1-60 karakter: huruf kecil, angka atau garis bawah.")
        }
        switch kind {
        case .threshold:
            v.check((1...90).contains(windowDays), "jendela_hari", "Jendela waktu harus 1 sampai 90 hari.")
            v.check((1...10_000).contains(minimumCount), "jumlah_minimum", "Jumlah laporan minimum harus 1 sampai 10.000.")
        case .c1, .c2, .c3:
            // earsC refuses a baseline under 3 days; 28 keeps the comparison recent.
            v.check((3...28).contains(baselineDays), "hari_dasar", "Hari pembanding harus 3 sampai 28 hari.")
            v.check(k.isFinite && k > 0 && k <= 20, "ambang_k", "Ambang k harus lebih dari 0 dan paling besar 20.")
            // A positive floor also keeps a flat baseline (SD 0) from dividing by zero.
            v.check(minSigma.isFinite && minSigma > 0 && minSigma <= 100, "sigma_minimum",
                    "Simpangan baku minimum harus lebih dari 0 dan paling besar 100.")
            v.check((1...10_000).contains(minimumCount), "jumlah_minimum", "Jumlah laporan minimum harus 1 sampai 10.000.")
        }
        return v.errors
    }
}
