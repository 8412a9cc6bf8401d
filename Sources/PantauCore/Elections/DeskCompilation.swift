/// What the store knows about a desk's part of an election for a period: the facts a desk
/// report is compiled from. The store fetches them; `DeskReportContent.compile` decides what the
/// report says.
public struct DeskPeriodFacts: Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public var id: Int, title: String, stage: String?, region: String, status: ProblemStatus, responsible: String?, anticipation: String?
        /// When it was recorded (seconds since 1970).
        public var createdAt: Int
        public init(id: Int, title: String, stage: String?, region: String, status: ProblemStatus, responsible: String?, anticipation: String?, createdAt: Int) {
            (self.id, self.title, self.stage, self.region, self.status, self.responsible, self.anticipation, self.createdAt) =
                (id, title, stage, region, status, responsible, anticipation, createdAt)
        }
    }

    public struct Incident: Sendable, Equatable {
        public var id: Int, title: String, category: String, severity: String, region: String, occurredAt: Int
        public init(id: Int, title: String, category: String, severity: String, region: String, occurredAt: Int) {
            (self.id, self.title, self.category, self.severity, self.region, self.occurredAt) = (id, title, category, severity, region, occurredAt)
        }
    }

    public struct Note: Sendable, Equatable {
        public var agency: String
        /// The desk the note was written to, and whether it is the compiling desk itself.
        public var deskName: String, atThisDesk: Bool
        public var day: LocalDate, text: String
        public init(agency: String, deskName: String, atThisDesk: Bool, day: LocalDate, text: String) {
            (self.agency, self.deskName, self.atThisDesk, self.day, self.text) = (agency, deskName, atThisDesk, day, text)
        }
    }

    public var electionName: String
    /// The part of the election the desk covers.
    public var areaName: String
    public var votingDay: LocalDate
    /// Every stage of the election.
    public var stages: [StagePlan]
    /// The problems of the desk's area (open ones and any touched in the period).
    public var problems: [Problem]
    /// The problems whose status changed during the period.
    public var changedProblemIDs: Set<Int>
    /// Reports of the area verified during the period, each once.
    public var incidents: [Incident]
    /// Agency notes of the period written to the desk or to desks below it.
    public var notes: [Note]

    public init(electionName: String, areaName: String, votingDay: LocalDate, stages: [StagePlan], problems: [Problem],
                changedProblemIDs: Set<Int>, incidents: [Incident], notes: [Note]) {
        self.electionName = electionName; self.areaName = areaName; self.votingDay = votingDay; self.stages = stages
        self.problems = problems; self.changedProblemIDs = changedProblemIDs; self.incidents = incidents; self.notes = notes
    }
}

extension DeskReportContent {
    /// The report for the period of `kind` that holds `date`:
    /// - the stages that overlap the period, or are running on its last day, with their state then;
    /// - the problems recorded during the period, those whose status changed in it, and those
    ///   still open that were recorded before its end;
    /// - the incidents verified in the period, and the agency notes, a note from a desk below
    ///   marked with that desk;
    /// - the days from the period's last day to voting day.
    public static func compile(kind: DeskReportKind, date: LocalDate, facts: DeskPeriodFacts) -> DeskReportContent {
        let (start, end) = kind.period(containing: date)
        let from = start.startEpoch(), until = end.adding(days: 1).startEpoch()
        func line(_ p: DeskPeriodFacts.Problem) -> Problem {
            Problem(id: p.id, title: p.title, stage: p.stage ?? "–", region: p.region, status: p.status.label, responsible: p.responsible ?? "–",
                    anticipation: p.anticipation ?? "–")
        }
        let stages = facts.stages.filter { ($0.start <= end && $0.end >= start) || $0.state(on: end) == .running }
        return DeskReportContent(
            electionName: facts.electionName, regionName: facts.areaName, periodLabel: kind.periodLabel(start), votingDay: facts.votingDay.longIndonesian,
            daysToVoting: facts.votingDay.dayNumber - end.dayNumber,
            stages: stages.map { Stage(name: $0.name, start: $0.start.longIndonesian, end: $0.end.longIndonesian, state: $0.state(on: end).label) },
            problemsOpened: facts.problems.filter { $0.createdAt >= from && $0.createdAt < until }.map(line),
            problemsChanged: facts.problems.filter { facts.changedProblemIDs.contains($0.id) }.map(line),
            problemsOpen: facts.problems.filter { $0.status.isOpen && $0.createdAt < until }.map(line),
            incidents: facts.incidents.map { Incident(id: $0.id, title: $0.title, category: $0.category, severity: $0.severity, region: $0.region,
                                                      occurred: LocalDate(epoch: $0.occurredAt).longIndonesian) },
            notes: facts.notes.map { AgencyNote(agency: $0.atThisDesk ? $0.agency : "\($0.agency) (desk \($0.deskName))", date: $0.day.longIndonesian, note: $0.text) })
    }
}
