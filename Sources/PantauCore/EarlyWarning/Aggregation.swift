/// One row of daily counts as the store reads them: reports placed at `regionCode` on `day`.
public struct DailyCount: Sendable, Equatable {
    public var regionCode: String
    public var day: Int
    public var count: Int

    public init(regionCode: String, day: Int, count: Int) {
        (self.regionCode, self.day, self.count) = (regionCode, day, count)
    }
}

extension DailySeries {
    /// The code of the area at `level` that holds `regionCode`: its prefix of 2 (provinsi),
    /// 5 (kab/kota), 8 (kecamatan) or 13 (desa/kelurahan) characters, `ID` at the national level.
    /// Nil when the code is coarser than the level (a kab/kota report has no kecamatan) or is
    /// not a code, so a report placed only at a higher level is counted by rules at that level.
    public static func areaCode(of regionCode: String, at level: RegionLevel) -> String? {
        if level == .nasional { return "ID" }
        let length = [2, 5, 8, 13][level.rawValue - 1]
        let utf8 = regionCode.utf8
        guard utf8.count >= length else { return nil }
        let end = utf8.index(utf8.startIndex, offsetBy: length)
        guard end == utf8.endIndex || utf8[end] == UInt8(ascii: ".") else { return nil }
        let prefix = String(regionCode[..<end])
        guard RegionCode(prefix)?.level == level else { return nil }  // "ID" is two characters, not a provinsi
        return prefix
    }

    /// Sums rows of any level up to the areas of `level`, one series per area that has a row,
    /// each covering all of `days`. Rows outside `days` or coarser than `level` are left out; an
    /// area without rows has no series (it cannot fire: every rule needs at least one report).
    public static func byArea(_ rows: some Sequence<DailyCount>, level: RegionLevel, days: ClosedRange<Int>) -> [String: DailySeries] {
        var result: [String: DailySeries] = [:]
        var areaOfCode: [String: String?] = [:]
        for row in rows where days.contains(row.day) && row.count != 0 {
            let area: String?
            if let known = areaOfCode[row.regionCode] {
                area = known
            } else {
                area = areaCode(of: row.regionCode, at: level)
                areaOfCode[row.regionCode] = .some(area)
            }
            guard let area else { continue }
            result[area, default: DailySeries(days: days)].counts[row.day - days.lowerBound] += row.count
        }
        return result
    }
}
