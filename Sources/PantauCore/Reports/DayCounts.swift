/// Where one report counts in the daily counts: the report's day, category, severity and status,
/// at its own region and at every level above it up to the nation. Drafts and duplicates count
/// nowhere. The store keeps one row per key, changed in the transaction that changes the report,
/// so the counts always equal a recount; the detectors and the dashboard read them, never the
/// raw reports.
public struct DayCountKey: Hashable, Sendable {
    /// 0 nation, 1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa/kelurahan (`RegionLevel.rawValue`).
    public var level: Int
    /// The region's code at `level`; empty for the nation.
    public var region: String
    /// Whole days since 1970 in the counts' zone (`DayCounts.day`).
    public var day: Int
    public var categoryID: Int
    public var severity: String
    public var status: String

    public init(level: Int, region: String, day: Int, categoryID: Int, severity: String, status: String) {
        self.level = level
        self.region = region
        self.day = day
        self.categoryID = categoryID
        self.severity = severity
        self.status = status
    }
}

/// The facts of a report the daily counts depend on.
public struct CountedReport: Equatable, Sendable {
    public var region: String
    public var occurredAt: Int
    public var categoryID: Int
    public var severity: String
    public var status: String
    public var isDuplicate: Bool

    public init(region: String, occurredAt: Int, categoryID: Int, severity: String, status: String, isDuplicate: Bool) {
        self.region = region
        self.occurredAt = occurredAt
        self.categoryID = categoryID
        self.severity = severity
        self.status = status
        self.isDuplicate = isDuplicate
    }
}

public enum DayCounts {
    /// The counts' days are WIB days (UTC+7), as on the dashboard. Changing this needs
    /// `pantau counts rebuild`.
    public static let offsetSeconds = 25_200
    /// The code lengths of the levels below the nation: provinsi, kab/kota, kecamatan, desa.
    public static let codeLengths = [2, 5, 8, 13]

    /// The WIB day of a moment (Unix seconds). Integer division truncates, as it does in SQL on
    /// both databases (`(occurred_at + 25200) / 86400`), so a recount in SQL gives the same day.
    public static func day(_ epoch: Int) -> Int { (epoch + offsetSeconds) / 86_400 }

    /// The first moment (Unix seconds) of a WIB day.
    public static func start(ofDay day: Int) -> Int { day * 86_400 - offsetSeconds }

    /// The keys a report counts under, one per level from the nation to its own region; none for
    /// a draft or a duplicate.
    public static func keys(_ report: CountedReport) -> [DayCountKey] {
        guard report.status != "draft", !report.isDuplicate else { return [] }
        let day = day(report.occurredAt)
        return regions(report.region).map {
            DayCountKey(level: $0.level, region: $0.region, day: day, categoryID: report.categoryID, severity: report.severity, status: report.status)
        }
    }

    /// The regions a record at `code` counts under: the nation (level 0, "") and the code cut to
    /// each level down to its own.
    public static func regions(_ code: String) -> [(level: Int, region: String)] {
        [(0, "")] + codeLengths.enumerated().filter { code.count >= $0.element }.map { ($0.offset + 1, String(code.prefix($0.element))) }
    }

    /// What a change of one report does to the counts: -1 for each key it left, +1 for each it
    /// joined, nothing for a key it stays under. Sorted, so two writers touch rows in one order.
    public static func deltas(before: CountedReport?, after: CountedReport?) -> [(key: DayCountKey, delta: Int)] {
        var change: [DayCountKey: Int] = [:]
        for key in before.map(keys) ?? [] { change[key, default: 0] -= 1 }
        for key in after.map(keys) ?? [] { change[key, default: 0] += 1 }
        return change.filter { $0.value != 0 }.map { ($0.key, $0.value) }.sorted { a, b in
            (a.key.level, a.key.region, a.key.day, a.key.categoryID, a.key.severity, a.key.status)
                < (b.key.level, b.key.region, b.key.day, b.key.categoryID, b.key.severity, b.key.status)
        }
    }

    /// The same change summed over category and severity, for the totals per status.
    public static func totals(_ deltas: [(key: DayCountKey, delta: Int)]) -> [(key: DayCountKey, delta: Int)] {
        var change: [DayCountKey: Int] = [:]
        for item in deltas {
            var key = item.key
            key.categoryID = 0
            key.severity = ""
            change[key, default: 0] += item.delta
        }
        return change.filter { $0.value != 0 }.map { ($0.key, $0.value) }.sorted { a, b in
            (a.key.level, a.key.region, a.key.day, a.key.status) < (b.key.level, b.key.region, b.key.day, b.key.status)
        }
    }
}
