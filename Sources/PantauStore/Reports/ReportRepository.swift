import Foundation
import PantauCore
import SQLKit

/// Incident reports as one caller may reach them: every read and write is limited to the scope's
/// region, and another user's draft is never seen.
public struct ReportRepository: Sendable {
    let store: Store
    public let scope: Scope

    /// A report of the scope, or nil (also when it exists elsewhere, or is another user's draft).
    public func report(_ id: Int) async throws -> Report? {
        try await store.report(id, scope: scope.region, viewer: scope.viewer)
    }

    /// One page of the scope's reports matching the filter.
    public func list(_ filter: ReportFilter) async throws -> Page<Report> {
        try await store.reports(scope: scope.region, viewer: scope.viewer, filter: filter)
    }

    /// The timeline of a report of the scope; empty when the report is not one.
    public func events(of id: Int) async throws -> [ReportEvent] {
        guard try await report(id) != nil else { return [] }
        return try await store.reportEvents(id)
    }

    /// The assignments of a report of the scope; empty when the report is not one.
    public func assignments(of id: Int) async throws -> [ReportAssignment] {
        guard try await report(id) != nil else { return [] }
        return try await store.assignments(of: id)
    }

    /// The attachments of a report of the scope; empty when the report is not one.
    public func attachments(of id: Int) async throws -> [ReportAttachment] {
        guard try await report(id) != nil else { return [] }
        return try await store.attachments(reportID: id)
    }

    /// One attachment of a report of the scope.
    public func attachment(_ id: Int, of report: Int) async throws -> ReportAttachment? {
        guard try await self.report(report) != nil else { return nil }
        return try await store.attachments(reportID: report).first { $0.id == id }
    }

    /// Files a report in the scope's region.
    public func create(_ input: ReportInput, draft: Bool, isPublic: Bool = false, author: User?, agencyID: Int?, idempotencyKey: String? = nil,
                       attachment: FirstAttachment? = nil, actor: Actor) async throws -> (report: Report, created: Bool) {
        try await store.createReport(input, draft: draft, isPublic: isPublic, scope: scope.region, author: author, agencyID: agencyID,
                                     idempotencyKey: idempotencyKey, attachment: attachment, actor: actor)
    }

    /// Takes one workflow step on a report of the scope, as its principal.
    public func transition(_ id: Int, _ transition: ReportTransition, note: String?, assignTo agencies: [Int] = [], dueAt: Int? = nil,
                           duplicateOf original: Int? = nil, actor: Actor) async throws -> Report {
        try await store.transition(id, transition, principal: try scope.requirePrincipal(), note: note, assignTo: agencies, dueAt: dueAt,
                                   duplicateOf: original, actor: actor)
    }

    /// The principal's agency answers its assignment on a report of the scope.
    public func respond(to reportID: Int, status: AssignmentStatus, response: String, actor: Actor) async throws {
        try await store.respond(reportID: reportID, principal: try scope.requirePrincipal(), status: status, response: response, actor: actor)
    }

    /// Refuses an upload to a report of the scope that would pass its limits.
    public func checkAttachmentLimits(reportID: Int, incoming: Int, limits: AttachmentLimits) async throws {
        let principal = try scope.requirePrincipal()
        guard try await report(reportID) != nil else { throw NotFound("laporan") }
        try await store.checkAttachmentLimits(reportID: reportID, userID: principal.userID, incoming: incoming, limits: limits)
    }

    /// Attaches a file to a report of the scope.
    public func addAttachment(to reportID: Int, data: Data, suppliedName: String?, dataDirectory: String, limits: AttachmentLimits = .init(),
                              actor: Actor) async throws -> ReportAttachment {
        try await store.addAttachment(reportID: reportID, data: data, suppliedName: suppliedName, principal: try scope.requirePrincipal(),
                                      dataDirectory: dataDirectory, limits: limits, actor: actor)
    }

    /// The Situasi dashboard of the scope for the WIB days `fromDay` to `untilDay`, both included.
    public func situation(fromDay: Int, untilDay: Int, basis: CountBasis = .counted) async throws -> Situation {
        try await store.situation(scope: scope.region, viewer: scope.viewer, fromDay: fromDay, untilDay: untilDay, basis: basis)
    }
}

extension Store {
    /// The incident reports `scope` may reach.
    public func reports(_ scope: Scope) -> ReportRepository { ReportRepository(store: self, scope: scope) }
}
