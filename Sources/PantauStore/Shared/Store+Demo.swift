import Foundation
import PantauCore
import SQLKit

/// Writes only `pantau demo` needs: the demo loads a past election through the ordinary store
/// functions, then moves the times of what it wrote to when the events would have happened.
/// The audit log keeps the real time of loading (it is append-only).
extension Store {
    public enum DemoTimes: Sendable {
        /// A report created and submitted at `at`, each later workflow step `step` seconds apart.
        case report(id: Int, at: Int, step: Int)
        case problem(id: Int, at: Int, step: Int)
        case note(electionID: Int, agencyID: Int, day: LocalDate, at: Int)
    }

    public func demoBackdate(_ times: DemoTimes) async throws {
        try await database.write { db in
            switch times {
            case .report(let id, let at, let step):
                try await db.raw("UPDATE reports SET created_at = \(bind: at), submitted_at = \(bind: at), updated_at = \(bind: at) WHERE id = \(bind: id)").run()
                let events = try await db.raw("SELECT id FROM report_events WHERE report_id = \(bind: id) ORDER BY id").all(decodingColumn: "id", as: Int.self)
                for (index, event) in events.enumerated() {
                    try await db.raw("UPDATE report_events SET at = \(bind: at + index * step) WHERE id = \(bind: event)").run()
                }
                let last = at + max(events.count - 1, 0) * step
                try await db.raw("UPDATE reports SET updated_at = \(bind: last) WHERE id = \(bind: id)").run()
                try await db.raw("UPDATE report_assignments SET created_at = \(bind: at + step), due_at = \(bind: at + step + 3 * 86400) WHERE report_id = \(bind: id)").run()
                try await db.raw("UPDATE report_assignments SET responded_at = \(bind: last) WHERE report_id = \(bind: id) AND responded_at IS NOT NULL").run()
            case .problem(let id, let at, let step):
                try await db.raw("UPDATE election_problems SET created_at = \(bind: at), updated_at = \(bind: at) WHERE id = \(bind: id)").run()
                let events = try await db.raw("SELECT id FROM election_problem_events WHERE problem_id = \(bind: id) ORDER BY id").all(decodingColumn: "id", as: Int.self)
                for (index, event) in events.enumerated() {
                    try await db.raw("UPDATE election_problem_events SET at = \(bind: at + index * step) WHERE id = \(bind: event)").run()
                }
                let last = at + max(events.count - 1, 0) * step
                try await db.raw("""
                    UPDATE election_problems SET updated_at = \(bind: last), resolved_at = CASE WHEN resolved_at IS NULL THEN NULL ELSE \(bind: last) END WHERE id = \(bind: id)
                    """).run()
            case .note(let electionID, let agencyID, let day, let at):
                try await db.raw("UPDATE desk_notes SET created_at = \(bind: at) WHERE election_id = \(bind: electionID) AND agency_id = \(bind: agencyID) AND on_day = \(bind: day.description)").run()
            }
        }
    }

    /// Finalises a demo desk report as if on `at` (by `userID`).
    public func demoFinalise(deskReport id: Int, userID: Int, at: Int) async throws {
        try await database.write { db in
            try await db.raw("UPDATE desk_reports SET created_at = \(bind: at - 3600), updated_at = \(bind: at) WHERE id = \(bind: id) AND status = 'draft'").run()
            try await db.raw("UPDATE desk_reports SET status = 'final', finalised_by = \(bind: userID), finalised_at = \(bind: at) WHERE id = \(bind: id) AND status = 'draft'").run()
        }
    }

    /// Whether an election of this name already exists (the demo loads once).
    public func electionExists(named name: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM elections WHERE name = \(bind: name)").first(decodingColumn: "n", as: Int.self) ?? 0
        } > 0
    }
}
