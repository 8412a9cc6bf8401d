import PantauCore
import Testing

@Suite("Where a report counts in the daily counts")
struct DayCountTests {
    static let report = CountedReport(region: "36.73.01.1001", occurredAt: 1_795_575_600, categoryID: 3, severity: "sedang", status: "submitted", isDuplicate: false)

    @Test("a report counts once at each level from the nation to its desa, on its WIB day")
    func levels() {
        let keys = DayCounts.keys(Self.report)
        #expect(keys.map(\.level) == [0, 1, 2, 3, 4])
        #expect(keys.map(\.region) == ["", "36", "36.73", "36.73.01", "36.73.01.1001"])
        #expect(Set(keys.map(\.day)) == [DayCounts.day(Self.report.occurredAt)])
    }

    @Test("the WIB day turns at 17:00 UTC")
    func wibDay() {
        // 2026-11-29 16:59:59 UTC is 23:59:59 WIB on the 29th; one second later it is the 30th.
        let lastSecond = 1_795_971_599
        #expect(DayCounts.day(lastSecond) + 1 == DayCounts.day(lastSecond + 1))
        #expect(DayCounts.start(ofDay: DayCounts.day(lastSecond + 1)) == lastSecond + 1)
    }

    @Test("drafts and duplicates count nowhere; a kecamatan report stops at its kecamatan")
    func exclusions() {
        var draft = Self.report; draft.status = "draft"
        var duplicate = Self.report; duplicate.isDuplicate = true
        var kecamatan = Self.report; kecamatan.region = "36.73.01"
        #expect(DayCounts.keys(draft).isEmpty)
        #expect(DayCounts.keys(duplicate).isEmpty)
        #expect(DayCounts.keys(kecamatan).map(\.level) == [0, 1, 2, 3])
    }

    @Test("a change moves only the keys that differ: a new desa in the same kecamatan leaves the upper levels alone")
    func deltas() {
        var moved = Self.report; moved.region = "36.73.01.1002"
        let change = DayCounts.deltas(before: Self.report, after: moved)
        #expect(change.map(\.delta).sorted() == [-1, 1])
        #expect(Set(change.map(\.key.level)) == [4])
        #expect(DayCounts.deltas(before: Self.report, after: Self.report).isEmpty)
        var rejected = Self.report; rejected.status = "rejected"
        #expect(DayCounts.deltas(before: Self.report, after: rejected).count == 10)
        #expect(DayCounts.deltas(before: nil, after: Self.report).allSatisfy { $0.delta == 1 })
        var duplicate = Self.report; duplicate.isDuplicate = true
        #expect(DayCounts.deltas(before: Self.report, after: duplicate).allSatisfy { $0.delta == -1 })
    }
}
