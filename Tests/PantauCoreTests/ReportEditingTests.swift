import Foundation
import PantauCore
import Testing

/// The rules of correcting a report, without a database: who may change what, what a correction
/// keeps of the report, and how the change reads on the timeline.
@Suite("Report editing")
struct ReportEditingTests {
    static func input(title: String = "Amplop di Cipare", category: String = "politik_uang", severity: Severity = .sedang,
                      region: String = "36.73.01.1008", time: Int = 1_763_605_800, source: ReportSource = .fieldMonitor, contact: String? = nil) -> ReportInput {
        ReportInput(title: title, narrative: "Warga melihat amplop.", categoryCode: category, severity: severity, source: source, occurredAt: time,
                    precision: .exact, region: RegionCode(region)!, location: nil, place: nil, actorKinds: [.candidate], actorNames: ["Tim 2"],
                    involved: 3, injured: 0, dead: 0, tags: ["amplop"], reporterContact: contact)
    }

    @Test("who may change what, by role, status and authorship")
    func extents() {
        for status in ReportStatus.allCases {
            for role in Role.allCases {
                let expectedAuthor: ReportEditing.Extent? = status == .draft || status == .submitted ? .everything
                    : (ReportTransition.verify.roles.contains(role) && status == .verified ? .facts : nil)
                #expect(ReportEditing.extent(role: role, status: status, isAuthor: true) == expectedAuthor, "\(role) \(status) author")
                let expectedOther: ReportEditing.Extent? = ReportTransition.verify.roles.contains(role) && (status == .submitted || status == .verified) ? .facts : nil
                #expect(ReportEditing.extent(role: role, status: status, isAuthor: false) == expectedOther, "\(role) \(status)")
            }
        }
    }

    @Test("a correction takes only the facts; a full edit keeps the source and the citizen's contact")
    func merge() {
        let current = Self.input(source: .publicReport, contact: "0812")
        let submitted = Self.input(title: "Diganti", category: "hoaks", severity: .berat, region: "36.73.01.1001", time: 1_763_610_000, source: .media, contact: "x")
        let corrected = ReportEditing.merge(current, submitted, extent: .facts)
        #expect(corrected.title == "Amplop di Cipare")
        #expect(corrected.categoryCode == "hoaks")
        #expect(corrected.severity == .berat)
        #expect(corrected.region.rawValue == "36.73.01.1001")
        #expect(corrected.occurredAt == 1_763_610_000)
        #expect(corrected.source == .publicReport)
        let edited = ReportEditing.merge(current, submitted, extent: .everything)
        #expect(edited.title == "Diganti")
        #expect(edited.source == .publicReport)
        #expect(edited.reporterContact == "0812")
        // Any other report's author may say where the information came from.
        #expect(ReportEditing.merge(Self.input(), submitted, extent: .everything).source == .media)
    }

    @Test("the timeline note names each changed field with old and new values, and only those")
    func note() {
        let old = Self.input(), new = Self.input(category: "hoaks", severity: .kritis)
        let changes = ReportEditing.changes(from: old, to: new, categoryName: { $0 == "hoaks" ? "Hoaks" : "Politik uang" }, regionName: { $0.rawValue },
                                            time: { epoch, _ in String(epoch) })
        #expect(changes.map(\.field) == ["kategori", "tingkat"])
        #expect(ReportEditing.note(changes) == "Kategori: Politik uang → Hoaks; Tingkat: Sedang → Kritis")
        #expect(ReportEditing.changes(from: old, to: old, categoryName: { $0 }, regionName: { $0.rawValue }, time: { e, _ in String(e) }).isEmpty)
        var longer = old
        longer.narrative = "Uraian baru yang panjang."
        #expect(ReportEditing.note(ReportEditing.changes(from: old, to: longer, categoryName: { $0 }, regionName: { $0.rawValue },
                                                         time: { e, _ in String(e) })) == "Uraian diubah")
    }

    @Test("length limits count code points, as the API document's maxLength does")
    func lengthsInCodePoints() {
        let marked = String(repeating: "a\u{0301}", count: 120)  // 120 characters, 240 code points
        #expect(marked.count == 120)
        #expect(marked.length == 240)
        var v = Validator()
        _ = v.requiredText(marked, "judul", label: "Judul", maxLength: 200)
        #expect(v.errors.map(\.message) == ["Judul paling panjang 200 karakter."])
    }
}
