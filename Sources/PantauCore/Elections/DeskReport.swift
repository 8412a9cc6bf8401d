/// The periodic reports of the Desk Pilkada (Permendagri 9/2005).
public enum DeskReportKind: String, Sendable, CaseIterable, Codable {
    case daily = "harian", monthly = "bulanan"

    public var label: String { self == .daily ? "Laporan harian" : "Laporan bulanan" }

    /// The first and last day of the period that holds `date`.
    public func period(containing date: LocalDate) -> (start: LocalDate, end: LocalDate) {
        switch self {
        case .daily: return (date, date)
        case .monthly:
            let start = LocalDate(year: date.year, month: date.month, day: 1)!
            return (start, LocalDate(year: date.year, month: date.month, day: LocalDate.daysIn(month: date.month, year: date.year))!)
        }
    }

    public func periodLabel(_ start: LocalDate) -> String {
        switch self {
        case .daily: start.longIndonesian
        case .monthly: "\(LocalDate.monthNames[start.month - 1]) \(start.year)"
        }
    }
}

public enum DeskReportStatus: String, Sendable, CaseIterable, Codable {
    case draft, final

    public var label: String { self == .draft ? "Draf" : "Final" }
}

/// Everything a desk report says, compiled from the election's data when the draft is made or
/// refreshed, and frozen with it when the report is finalised.
public struct DeskReportContent: Sendable, Equatable, Codable {
    public struct Stage: Sendable, Equatable, Codable {
        public var name: String, start: String, end: String, state: String
        public init(name: String, start: String, end: String, state: String) { (self.name, self.start, self.end, self.state) = (name, start, end, state) }
    }

    public struct Problem: Sendable, Equatable, Codable {
        public var id: Int, title: String, stage: String, region: String, status: String, responsible: String, anticipation: String
        public init(id: Int, title: String, stage: String, region: String, status: String, responsible: String, anticipation: String) {
            (self.id, self.title, self.stage, self.region, self.status, self.responsible, self.anticipation) = (id, title, stage, region, status, responsible, anticipation)
        }
    }

    public struct Incident: Sendable, Equatable, Codable {
        public var id: Int, title: String, category: String, severity: String, region: String, occurred: String
        public init(id: Int, title: String, category: String, severity: String, region: String, occurred: String) {
            (self.id, self.title, self.category, self.severity, self.region, self.occurred) = (id, title, category, severity, region, occurred)
        }
    }

    public struct AgencyNote: Sendable, Equatable, Codable {
        public var agency: String, date: String, note: String
        public init(agency: String, date: String, note: String) { (self.agency, self.date, self.note) = (agency, date, note) }
    }

    public var electionName: String
    public var regionName: String
    public var periodLabel: String
    public var votingDay: String
    /// Days from the period's last day to voting day; negative once voting day has passed.
    public var daysToVoting: Int
    public var stages: [Stage]
    public var problemsOpened: [Problem]
    public var problemsChanged: [Problem]
    public var problemsOpen: [Problem]
    public var incidents: [Incident]
    public var notes: [AgencyNote]

    public init(electionName: String, regionName: String, periodLabel: String, votingDay: String, daysToVoting: Int, stages: [Stage],
                problemsOpened: [Problem], problemsChanged: [Problem], problemsOpen: [Problem], incidents: [Incident], notes: [AgencyNote]) {
        self.electionName = electionName; self.regionName = regionName; self.periodLabel = periodLabel; self.votingDay = votingDay
        self.daysToVoting = daysToVoting; self.stages = stages; self.problemsOpened = problemsOpened; self.problemsChanged = problemsChanged
        self.problemsOpen = problemsOpen; self.incidents = incidents; self.notes = notes
    }

    /// "H-4 pemungutan suara" / "hari pemungutan suara" / "H+3".
    public var countdown: String {
        daysToVoting > 0 ? "H-\(daysToVoting) menuju pemungutan suara" : daysToVoting == 0 ? "Hari pemungutan suara" : "H+\(-daysToVoting) setelah pemungutan suara"
    }

    /// A first narrative the desk secretary edits.
    public var suggestedNarrative: String {
        let running = stages.filter { $0.state == StageState.running.label }.map(\.name)
        var lines = ["Pada periode \(periodLabel), penyelenggaraan \(electionName) di \(regionName) berada pada " +
                     (running.isEmpty ? "masa antar-tahapan." : "tahapan \(running.joined(separator: ", ")).") + " \(countdown)."]
        lines.append("Tercatat \(problemsOpened.count) permasalahan baru, \(problemsChanged.count) permasalahan berubah status, dan \(problemsOpen.count) permasalahan masih terbuka. " +
                     "Laporan kejadian terverifikasi pada periode ini berjumlah \(incidents.count).")
        if !notes.isEmpty { lines.append("Catatan diterima dari \(Set(notes.map(\.agency)).count) instansi.") }
        return lines.joined(separator: "\n")
    }
}

/// Every level runs its own Desk Pilkada for the same election (kab/kota desk → bupati/wali
/// kota → gubernur; provinsi desk → Mendagri), and each compiles its own reports. A desk is known
/// by its region; its reports and the agency notes written to it carry that region. These are the
/// rules of who may do what with a desk's records (docs/ACCESS.md, "Desk Pilkada").
public enum Desk {
    /// The part of the election's region a desk of `desk` reports on: the smaller of the two when
    /// one lies within the other, nil when they do not meet (a desk of Kota Cilegon has nothing
    /// to say about the Pilwalkot of Kota Serang).
    public static func area(desk: RegionCode, election: RegionCode) -> RegionCode? {
        if desk.isWithin(election) { return desk }
        if election.isWithin(desk) { return election }
        return nil
    }

    /// A desk's report or note is read inside the caller's jurisdiction: a province reads its
    /// kab/kota desks, a kota never the province's nor a neighbour's.
    public static func mayRead(desk: RegionCode, _ principal: Principal) -> Bool { desk.isWithin(principal.jurisdiction) }

    /// Only the desk's own staff (Kesbangpol staff whose jurisdiction is the desk's region)
    /// compile, edit, recompile, finalise and correct its reports.
    public static func mayCompile(desk: RegionCode, _ principal: Principal) -> Bool {
        principal.can(.compileDeskReports) && principal.jurisdiction == desk
    }

    /// The desk a note goes to: the author's jurisdiction, or a region inside it that the author
    /// chose (a kecamatan desk, say). Nil when the choice lies outside the author's jurisdiction.
    public static func noteDesk(chosen: RegionCode?, _ principal: Principal) -> RegionCode? {
        guard let chosen else { return principal.jurisdiction }
        return chosen.isWithin(principal.jurisdiction) ? chosen : nil
    }
}
