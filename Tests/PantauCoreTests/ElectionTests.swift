import Foundation
import PantauCore
import Testing

@Suite("Elections, stages and desk periods")
struct ElectionTests {
    @Test("dates parse strictly, count days across leap years and print back")
    func dates() throws {
        let day = try #require(LocalDate("2024-02-29"))
        #expect(day.adding(days: 1).description == "2024-03-01")
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2024-13-01") == nil)
        #expect(LocalDate("27-11-2024") == nil)
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
        #expect(try #require(LocalDate("2024-11-27")).dayNumber - day.dayNumber == 272)
        // 27 Nov 2024 00:30 WIB is 26 Nov 17:30 UTC.
        #expect(LocalDate(epoch: 1_732_642_200).description == "2024-11-27")
        #expect(try #require(LocalDate("2024-11-27")).longIndonesian == "27 November 2024")
    }

    @Test("a stage is upcoming before its first day, running through its last, finished after")
    func stageState() throws {
        let stage = StagePlan("Kampanye", LocalDate("2024-09-25")!, LocalDate("2024-11-23")!)
        #expect(stage.state(on: LocalDate("2024-09-24")!) == .upcoming)
        #expect(stage.state(on: LocalDate("2024-09-25")!) == .running)
        #expect(stage.state(on: LocalDate("2024-11-23")!) == .running)
        #expect(stage.state(on: LocalDate("2024-11-24")!) == .finished)
        let voting = StagePlan("Pemungutan suara", LocalDate("2024-11-27")!, LocalDate("2024-11-27")!)
        #expect(voting.state(on: LocalDate("2024-11-27")!) == .running)
    }

    @Test("the PKPU 2/2024 template copies with every date moved by the change of voting day")
    func templateShift() throws {
        let template = ElectionTemplate.pilkada2024
        #expect(template.stages.count == 16)
        #expect(template.stages.first { $0.name == "Kampanye" }?.start == LocalDate("2024-09-25"))
        #expect(template.stages.allSatisfy { $0.start <= $0.end })
        let moved = template.stages(forVotingDay: LocalDate("2029-11-28")!)
        let voting = try #require(moved.first { $0.name == "Pemungutan suara" })
        #expect(voting.start.description == "2029-11-28")
        for (original, copy) in zip(template.stages, moved) {
            #expect(copy.end.dayNumber - copy.start.dayNumber == original.end.dayNumber - original.start.dayNumber)
        }
    }

    @Test("an election's region must fit its type and its date must be real")
    func electionInput() {
        #expect(throws: ValidationFailure.self) {
            try ElectionInput.validate(type: "pilkada_gubernur", name: "Pilgub", region: "36.73", votingDay: "2024-11-27")
        }
        #expect(throws: ValidationFailure.self) {
            try ElectionInput.validate(type: "pilkada_bupati_walikota", name: "Pilwalkot", region: "36.73", votingDay: "2024-02-30")
        }
        #expect(throws: ValidationFailure.self) { try ElectionInput.validate(type: "pilkades", name: "X", region: "36", votingDay: "2024-11-27") }
        #expect((try? ElectionInput.validate(type: "pilkada_gubernur", name: "Pilgub Banten", region: "36", votingDay: "2024-11-27"))?.region.rawValue == "36")
        #expect(throws: ValidationFailure.self) { try StageInput.validate(name: "Kampanye", start: "2024-11-23", end: "2024-09-25") }
    }

    @Test("problems move forward only; a resolved one may be taken up again")
    func problemStatus() {
        #expect(ProblemStatus.identified.next.contains(.anticipated))
        #expect(!ProblemStatus.handled.next.contains(.identified))
        #expect(ProblemStatus.resolved.next == [.handled])
        #expect(throws: ValidationFailure.self) {
            try ProblemInput.validate(title: "", description: nil, category: "hoaks", stage: nil, region: "36.73", reportedBy: nil,
                                      anticipation: nil, responsible: nil, due: "kemarin", reports: "12, abc")
        }
        let input = try? ProblemInput.validate(title: "APK rusak", description: nil, category: "perusakan", stage: "3", region: "36.73.01", reportedBy: nil,
                                               anticipation: "Penertiban", responsible: "4", due: "2024-11-20", reports: "#12, 7 12")
        #expect(input?.reportIDs == [7, 12])
    }

    @Test("a monthly report covers its whole month, including February of a leap year")
    func periods() {
        let (start, end) = DeskReportKind.monthly.period(containing: LocalDate("2024-02-10")!)
        #expect(start.description == "2024-02-01" && end.description == "2024-02-29")
        #expect(DeskReportKind.daily.period(containing: LocalDate("2024-11-27")!).end.description == "2024-11-27")
        #expect(DeskReportKind.monthly.periodLabel(start) == "Februari 2024")
    }
}

@Suite("Times written and read without Foundation formatters")
struct TimeTextTests {
    @Test("ISO 8601 in UTC and Indonesian dates in WIB, across midnight and leap days")
    func writing() {
        #expect(TimeText.iso(0) == "1970-01-01T00:00:00Z")
        #expect(TimeText.iso(1_732_674_600) == "2024-11-27T02:30:00Z")
        // 02:30 UTC is 09.30 WIB; 20:00 UTC on the 28th of February 2024 is already the 29th in WIB.
        #expect(TimeText.wib(1_732_674_600) == "27 Nov 2024 09.30")
        #expect(TimeText.wib(1_709_150_400) == "29 Feb 2024 03.00")
        #expect(TimeText.wib(1_723_000_000, time: false) == "7 Agu 2024")
        #expect(TimeText.wib(1_714_000_000, time: false, year: false) == "25 Apr")
    }

    @Test("the intake's time forms are read in WIB, anything with a zone as ISO 8601, and nonsense not at all")
    func reading() {
        let wib = TimeZone(identifier: "Asia/Jakarta")!
        #expect(ReportInput.parseTime("2024-11-27T09:30", timeZone: wib) == 1_732_674_600)
        #expect(ReportInput.parseTime("2024-11-27 09:30:00", timeZone: wib) == 1_732_674_600)
        #expect(ReportInput.parseTime("2024-11-27", timeZone: wib) == 1_732_640_400)
        #expect(ReportInput.parseTime("2024-11-27T02:30:00Z", timeZone: wib) == 1_732_674_600)
        #expect(ReportInput.parseTime("2024-11-27T25:30", timeZone: wib) == nil)
        #expect(ReportInput.parseTime("2024-02-30", timeZone: wib) == nil)
        #expect(ReportInput.parseTime("kemarin sore", timeZone: wib) == nil)
    }
}

@Suite("Compiling a desk report")
struct DeskCompilationTests {
    static let day = LocalDate("2024-11-26")!

    static func facts() -> DeskPeriodFacts {
        let before = LocalDate("2024-11-20")!.startEpoch() + 3600, during = day.startEpoch() + 10 * 3600, after = day.adding(days: 1).startEpoch() + 60
        func problem(_ id: Int, _ status: ProblemStatus, _ created: Int) -> DeskPeriodFacts.Problem {
            DeskPeriodFacts.Problem(id: id, title: "Masalah \(id)", stage: nil, region: "Serang", status: status, responsible: nil, anticipation: nil, createdAt: created)
        }
        return DeskPeriodFacts(
            electionName: "Pilwalkot Serang 2024", areaName: "Kota Serang", votingDay: LocalDate("2024-11-27")!,
            stages: [StagePlan("Kampanye", LocalDate("2024-09-25")!, LocalDate("2024-11-23")!),
                     StagePlan("Masa tenang", LocalDate("2024-11-24")!, LocalDate("2024-11-26")!),
                     StagePlan("Pemungutan suara", LocalDate("2024-11-27")!, LocalDate("2024-11-27")!)],
            problems: [problem(1, .identified, before), problem(2, .resolved, before), problem(3, .identified, during), problem(4, .anticipated, after),
                       problem(5, .resolved, during)],
            changedProblemIDs: [2],
            incidents: [DeskPeriodFacts.Incident(id: 9, title: "Bentrok", category: "Kekerasan", severity: "berat", region: "Curug", occurredAt: during)],
            notes: [DeskPeriodFacts.Note(agency: "KPU Kota Serang", deskName: "Kota Serang", atThisDesk: true, day: day, text: "Logistik siap"),
                    DeskPeriodFacts.Note(agency: "Polsek Curug", deskName: "Curug", atThisDesk: false, day: day, text: "Aman")])
    }

    @Test("a daily report has the stages of its day, the problems recorded, changed and still open, the incidents and the notes")
    func daily() {
        let content = DeskReportContent.compile(kind: .daily, date: Self.day, facts: Self.facts())
        #expect(content.periodLabel == "26 November 2024")
        #expect(content.stages.map(\.name) == ["Masa tenang"])
        #expect(content.stages.map(\.state) == [StageState.running.label])
        #expect(content.problemsOpened.map(\.id) == [3, 5])
        #expect(content.problemsChanged.map(\.id) == [2])
        // Still open: recorded before the day ended and not resolved; #4 came the day after.
        #expect(content.problemsOpen.map(\.id) == [1, 3])
        #expect(content.incidents.map(\.id) == [9])
        #expect(content.notes.map(\.agency) == ["KPU Kota Serang", "Polsek Curug (desk Curug)"])
        #expect(content.daysToVoting == 1)
        #expect(content.countdown == "H-1 menuju pemungutan suara")
    }

    @Test("a monthly report covers the month: every stage in it, every problem recorded in it")
    func monthly() {
        let content = DeskReportContent.compile(kind: .monthly, date: Self.day, facts: Self.facts())
        #expect(content.periodLabel == "November 2024")
        #expect(content.stages.map(\.name) == ["Kampanye", "Masa tenang", "Pemungutan suara"])
        #expect(content.problemsOpened.map(\.id) == [1, 2, 3, 4, 5])
        #expect(content.problemsOpen.map(\.id) == [1, 3, 4])
        #expect(content.daysToVoting == 27 - 30)
        #expect(content.countdown == "H+3 setelah pemungutan suara")
    }
}
