import Foundation
import PantauCore
import Testing

/// Who may take a step, as docs/ACCESS.md writes it: ✓, "author only" or —.
enum Permit: Equatable {
    case yes, authorOnly, no
}

/// One row of the expected workflow, written out by hand. It is deliberately not read from
/// `ReportTransition`: a change to the real table must show up here as a failure.
struct ExpectedStep {
    var transition: ReportTransition
    var from: Set<ReportStatus>
    var to: ReportStatus
    var needsNote: Bool
    var permits: [Role: Permit]

    init(_ transition: ReportTransition, from: Set<ReportStatus>, to: ReportStatus, note: Bool,
         administrator: Permit, analyst: Permit, monitor: Permit, partner: Permit, viewer: Permit) {
        self.transition = transition
        self.from = from
        self.to = to
        self.needsNote = note
        self.permits = [.administrator: administrator, .analyst: analyst, .monitor: monitor, .partner: partner, .viewer: viewer]
    }

    /// What `ReportWorkflow.apply` must answer, in the order it checks: role, state, authorship, note.
    func outcome(role: Role, status: ReportStatus, isAuthor: Bool, note: String?) -> Result<ReportStatus, ReportWorkflow.Refusal> {
        let permit = permits[role]!
        if permit == .no { return .failure(.notAllowed(role, transition)) }
        if !from.contains(status) { return .failure(.wrongState(status, transition)) }
        if permit == .authorOnly && !isAuthor { return .failure(.notAuthor) }
        if needsNote && (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .failure(.noteRequired(transition)) }
        return .success(to)
    }
}

@Suite("Report workflow")
struct ReportWorkflowTests {
    /// The contract of docs/ACCESS.md, "Report workflow × role", by hand.
    static let matrix: [ExpectedStep] = [
        //            step            from                        to          note    administrator  analyst      monitor      partner      viewer
        ExpectedStep(.submit,        from: [.draft],              to: .submitted, note: false, administrator: .authorOnly, analyst: .authorOnly, monitor: .authorOnly, partner: .authorOnly, viewer: .no),
        ExpectedStep(.verify,        from: [.submitted],          to: .verified,  note: false, administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
        ExpectedStep(.reject,        from: [.submitted],          to: .rejected,  note: true,  administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
        ExpectedStep(.markDuplicate, from: [.submitted, .verified], to: .archived, note: false, administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
        ExpectedStep(.assign,        from: [.verified, .followUp], to: .followUp, note: false, administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
        ExpectedStep(.resolve,       from: [.verified, .followUp], to: .resolved, note: true,  administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
        ExpectedStep(.archive,       from: [.resolved, .rejected], to: .archived, note: false, administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
        ExpectedStep(.reopen,        from: [.rejected, .resolved, .archived], to: .submitted, note: true, administrator: .yes, analyst: .yes, monitor: .no, partner: .no, viewer: .no),
    ]

    static func expected(_ transition: ReportTransition) -> ExpectedStep {
        matrix.first { $0.transition == transition }!
    }

    @Test("the hand-written matrix names every step once")
    func matrixIsComplete() {
        #expect(Self.matrix.map(\.transition).sorted { $0.rawValue < $1.rawValue } == ReportTransition.allCases.sorted { $0.rawValue < $1.rawValue })
        #expect(ReportTransition.allCases.count == 8)
        #expect(Role.allCases.count == 5)
        #expect(ReportStatus.allCases.count == 7)
    }

    @Test("every step from every state, by every role, author or not, with and without a note, answers as the hand-written matrix says",
          arguments: ReportTransition.allCases)
    func everyCase(transition: ReportTransition) {
        let step = Self.expected(transition)
        for role in Role.allCases {
            for status in ReportStatus.allCases {
                for isAuthor in [true, false] {
                    for note in [nil, "", "  \n ", "Sudah dikonfirmasi Panwascam"] as [String?] {
                        let actual = ReportWorkflow.apply(transition, from: status, role: role, isAuthor: isAuthor, note: note)
                        #expect(actual == step.outcome(role: role, status: status, isAuthor: isAuthor, note: note),
                                "\(transition.rawValue) from \(status.rawValue) by \(role.rawValue), author \(isAuthor), note \(String(describing: note))")
                    }
                }
            }
        }
    }

    @Test("the buttons a page offers are the steps the matrix allows, in the table's order", arguments: Role.allCases)
    func buttons(role: Role) {
        for status in ReportStatus.allCases {
            for isAuthor in [true, false] {
                let expected = ReportTransition.allCases.filter { transition in
                    if case .success = Self.expected(transition).outcome(role: role, status: status, isAuthor: isAuthor, note: "alasan") { return true }
                    return false
                }
                #expect(ReportWorkflow.available(from: status, role: role, isAuthor: isAuthor) == expected, "\(role.rawValue) at \(status.rawValue), author \(isAuthor)")
            }
        }
    }

    @Test("monitors, partners and viewers take no step but submitting (viewers not even that)")
    func forbiddenRoles() {
        for role in [Role.monitor, .partner, .viewer] {
            for transition in [ReportTransition.verify, .reject, .markDuplicate, .assign, .resolve, .archive, .reopen] {
                // From a state the step may start from, with a note: only the role stands in the way.
                let status = Self.expected(transition).from.sorted { $0.rawValue < $1.rawValue }.first!
                #expect(ReportWorkflow.apply(transition, from: status, role: role, isAuthor: true, note: "alasan") == .failure(.notAllowed(role, transition)),
                        "\(role.rawValue) → \(transition.rawValue)")
            }
        }
        #expect(ReportWorkflow.apply(.submit, from: .draft, role: .viewer, isAuthor: true, note: nil) == .failure(.notAllowed(.viewer, .submit)))
        #expect(ReportWorkflow.apply(.reject, from: .submitted, role: .monitor, isAuthor: true, note: "tidak valid") == .failure(.notAllowed(.monitor, .reject)))
        #expect(ReportWorkflow.apply(.markDuplicate, from: .verified, role: .partner, isAuthor: false, note: nil) == .failure(.notAllowed(.partner, .markDuplicate)))
        #expect(ReportWorkflow.apply(.assign, from: .verified, role: .monitor, isAuthor: false, note: nil) == .failure(.notAllowed(.monitor, .assign)))
        #expect(ReportWorkflow.apply(.resolve, from: .followUp, role: .partner, isAuthor: false, note: "selesai") == .failure(.notAllowed(.partner, .resolve)))
        #expect(ReportWorkflow.apply(.archive, from: .resolved, role: .monitor, isAuthor: true, note: nil) == .failure(.notAllowed(.monitor, .archive)))
        #expect(ReportWorkflow.apply(.reopen, from: .archived, role: .partner, isAuthor: true, note: "ada bukti baru") == .failure(.notAllowed(.partner, .reopen)))
    }

    @Test("a step from a state it does not start from is refused")
    func wrongStates() {
        #expect(ReportWorkflow.apply(.archive, from: .verified, role: .analyst, isAuthor: false, note: nil) == .failure(.wrongState(.verified, .archive)))
        #expect(ReportWorkflow.apply(.archive, from: .followUp, role: .analyst, isAuthor: false, note: nil) == .failure(.wrongState(.followUp, .archive)))
        #expect(ReportWorkflow.apply(.archive, from: .rejected, role: .analyst, isAuthor: false, note: nil) == .success(.archived))
        #expect(ReportWorkflow.apply(.reopen, from: .submitted, role: .administrator, isAuthor: false, note: "alasan") == .failure(.wrongState(.submitted, .reopen)))
        #expect(ReportWorkflow.apply(.reopen, from: .followUp, role: .administrator, isAuthor: false, note: "alasan") == .failure(.wrongState(.followUp, .reopen)))
        #expect(ReportWorkflow.apply(.markDuplicate, from: .resolved, role: .analyst, isAuthor: false, note: nil) == .failure(.wrongState(.resolved, .markDuplicate)))
        #expect(ReportWorkflow.apply(.markDuplicate, from: .followUp, role: .analyst, isAuthor: false, note: nil) == .failure(.wrongState(.followUp, .markDuplicate)))
        #expect(ReportWorkflow.apply(.markDuplicate, from: .draft, role: .analyst, isAuthor: true, note: nil) == .failure(.wrongState(.draft, .markDuplicate)))
        #expect(ReportWorkflow.apply(.verify, from: .draft, role: .analyst, isAuthor: true, note: nil) == .failure(.wrongState(.draft, .verify)))
        #expect(ReportWorkflow.apply(.verify, from: .verified, role: .analyst, isAuthor: false, note: nil) == .failure(.wrongState(.verified, .verify)))
        #expect(ReportWorkflow.apply(.assign, from: .submitted, role: .analyst, isAuthor: false, note: nil) == .failure(.wrongState(.submitted, .assign)))
        #expect(ReportWorkflow.apply(.resolve, from: .submitted, role: .analyst, isAuthor: false, note: "x") == .failure(.wrongState(.submitted, .resolve)))
        #expect(ReportWorkflow.apply(.submit, from: .submitted, role: .monitor, isAuthor: true, note: nil) == .failure(.wrongState(.submitted, .submit)))
        #expect(ReportWorkflow.apply(.reject, from: .verified, role: .analyst, isAuthor: false, note: "x") == .failure(.wrongState(.verified, .reject)))
    }

    @Test("only the author submits a draft, whatever the role")
    func submitByAuthor() {
        for role in [Role.administrator, .analyst, .monitor, .partner] {
            #expect(ReportWorkflow.apply(.submit, from: .draft, role: role, isAuthor: true, note: nil) == .success(.submitted))
            #expect(ReportWorkflow.apply(.submit, from: .draft, role: role, isAuthor: false, note: nil) == .failure(.notAuthor))
        }
        #expect(ReportWorkflow.available(from: .draft, role: .monitor, isAuthor: true) == [.submit])
        #expect(ReportWorkflow.available(from: .draft, role: .administrator, isAuthor: false) == [])
        #expect(ReportWorkflow.available(from: .submitted, role: .analyst, isAuthor: false) == [.verify, .reject, .markDuplicate])
        #expect(ReportWorkflow.available(from: .verified, role: .analyst, isAuthor: true) == [.assign, .resolve, .markDuplicate])
        #expect(ReportWorkflow.available(from: .archived, role: .administrator, isAuthor: false) == [.reopen])
    }

    @Test("rejecting, resolving and reopening need a written reason; the other steps do not")
    func notes() {
        for blank in [nil, "", "   ", "\n\t"] as [String?] {
            #expect(ReportWorkflow.apply(.reject, from: .submitted, role: .analyst, isAuthor: false, note: blank) == .failure(.noteRequired(.reject)))
            #expect(ReportWorkflow.apply(.resolve, from: .followUp, role: .analyst, isAuthor: false, note: blank) == .failure(.noteRequired(.resolve)))
            #expect(ReportWorkflow.apply(.reopen, from: .archived, role: .administrator, isAuthor: false, note: blank) == .failure(.noteRequired(.reopen)))
            #expect(ReportWorkflow.apply(.verify, from: .submitted, role: .analyst, isAuthor: false, note: blank) == .success(.verified))
            #expect(ReportWorkflow.apply(.archive, from: .resolved, role: .analyst, isAuthor: false, note: blank) == .success(.archived))
            #expect(ReportWorkflow.apply(.assign, from: .verified, role: .analyst, isAuthor: false, note: blank) == .success(.followUp))
            #expect(ReportWorkflow.apply(.markDuplicate, from: .submitted, role: .analyst, isAuthor: false, note: blank) == .success(.archived))
            #expect(ReportWorkflow.apply(.submit, from: .draft, role: .monitor, isAuthor: true, note: blank) == .success(.submitted))
        }
        #expect(ReportWorkflow.apply(.reject, from: .submitted, role: .analyst, isAuthor: false, note: "Tidak dapat dikonfirmasi") == .success(.rejected))
        #expect(ReportWorkflow.apply(.resolve, from: .verified, role: .administrator, isAuthor: false, note: "Ditangani Polresta") == .success(.resolved))
        #expect(ReportWorkflow.apply(.reopen, from: .rejected, role: .analyst, isAuthor: false, note: "Ada bukti baru") == .success(.submitted))
        #expect(Set(ReportTransition.allCases.filter(\.needsNote)) == [.reject, .resolve, .reopen])
    }

    @Test("docs/ACCESS.md, \"Report workflow × role\", says what the hand-written matrix says")
    func documentedTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/ACCESS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Report workflow × role").dropFirst().first?.components(separatedBy: "\n## ").first,
                                   "section missing from docs")
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("|") }.map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let header = try #require(rows.first)
        #expect(header == ["step", "from", "to", "needs a note", "administrator", "analyst", "monitor", "partner", "viewer"])
        // A documented state is the raw value with - for _; a cell may explain after a comma or a parenthesis.
        func status(_ text: String) -> ReportStatus? {
            let word = text.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? text
            return ReportStatus(rawValue: word.replacingOccurrences(of: "-", with: "_"))
        }
        let body = rows.dropFirst(2)  // the header and the |---| line
        #expect(body.count == Self.matrix.count)
        var seen: [ReportTransition] = []
        for cells in body {
            try #require(cells.count == 9, "\(cells)")
            let transition = try #require(ReportTransition(rawValue: cells[0].replacingOccurrences(of: " ", with: "_")), "unknown step \(cells[0])")
            seen.append(transition)
            let step = Self.expected(transition)
            let from = cells[1].split(separator: ",").map { status($0.trimmingCharacters(in: .whitespaces)) }
            #expect(Set(from.compactMap { $0 }) == step.from && !from.contains(nil), "\(cells[0]): from \(cells[1])")
            #expect(status(String(cells[2].split(separator: ",")[0])) == step.to, "\(cells[0]): to \(cells[2])")
            #expect((cells[3] != "—") == step.needsNote, "\(cells[0]): note \(cells[3])")
            for (index, role) in [Role.administrator, .analyst, .monitor, .partner, .viewer].enumerated() {
                let mark = cells[4 + index]
                let permit: Permit? = switch mark {
                case "✓": .yes
                case "author only": .authorOnly
                case "—": .no
                default: nil
                }
                #expect(permit == step.permits[role], "\(cells[0]) / \(role.rawValue) in docs: \(mark)")
            }
        }
        #expect(Set(seen) == Set(ReportTransition.allCases) && seen.count == ReportTransition.allCases.count)
    }

    @Test("severity orders ringan < sedang < berat < kritis, and berat or worse alerts")
    func severity() {
        #expect(Severity.allCases == [.ringan, .sedang, .berat, .kritis])
        #expect(Severity.ringan < .sedang && Severity.sedang < .berat && Severity.berat < .kritis)
        #expect(Severity.allCases.filter(\.isSevere) == [.berat, .kritis])
    }
}
