import PantauCore
import Testing

@Suite("Report workflow")
struct ReportWorkflowTests {
    @Test("every transition from every state, for every role, follows the table", arguments: ReportTransition.allCases)
    func table(transition: ReportTransition) {
        for role in Role.allCases {
            for status in ReportStatus.allCases {
                let result = ReportWorkflow.apply(transition, from: status, role: role, isAuthor: true, note: "catatan")
                switch result {
                case .success(let next):
                    #expect(transition.roles.contains(role) && transition.from.contains(status))
                    #expect(next == transition.to)
                case .failure(let refusal):
                    if !transition.roles.contains(role) {
                        #expect(refusal == .notAllowed(role, transition))
                    } else {
                        #expect(refusal == .wrongState(status, transition))
                    }
                }
            }
        }
    }

    @Test("viewers take no step; monitors and partners only submit their own drafts")
    func roles() {
        for transition in ReportTransition.allCases {
            #expect(!transition.roles.contains(.viewer))
        }
        #expect(ReportWorkflow.available(from: .draft, role: .monitor, isAuthor: true) == [.submit])
        #expect(ReportWorkflow.available(from: .draft, role: .monitor, isAuthor: false).isEmpty)
        #expect(ReportWorkflow.apply(.submit, from: .draft, role: .analyst, isAuthor: false, note: nil) == .failure(.notAuthor))
        #expect(ReportWorkflow.available(from: .submitted, role: .partner, isAuthor: true).isEmpty)
        #expect(ReportWorkflow.available(from: .submitted, role: .analyst, isAuthor: false) == [.verify, .reject, .markDuplicate])
    }

    @Test("rejecting, reopening and resolving need a written reason")
    func notes() {
        #expect(ReportWorkflow.apply(.reject, from: .submitted, role: .analyst, isAuthor: false, note: "  ") == .failure(.noteRequired(.reject)))
        #expect(ReportWorkflow.apply(.reopen, from: .archived, role: .administrator, isAuthor: false, note: nil) == .failure(.noteRequired(.reopen)))
        #expect(ReportWorkflow.apply(.resolve, from: .followUp, role: .analyst, isAuthor: false, note: "Ditangani Polresta") == .success(.resolved))
        #expect(ReportWorkflow.apply(.verify, from: .submitted, role: .analyst, isAuthor: false, note: nil) == .success(.verified))
    }

    @Test("severity orders ringan < sedang < berat < kritis, and berat or worse alerts")
    func severity() {
        #expect(Severity.ringan < .kritis)
        #expect(Severity.allCases.filter(\.isSevere) == [.berat, .kritis])
    }
}
