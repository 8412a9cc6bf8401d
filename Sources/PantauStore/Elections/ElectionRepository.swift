import Foundation
import PantauCore

/// The Desk Pilkada as one caller may reach it: the elections visible to the scope (those inside
/// it and those covering it), their stages and candidates, the problems and desk records of the
/// scope's region. An election is changed only by those whose region contains it; a desk's
/// reports only by its own staff (`Desk`).
public struct ElectionRepository: Sendable {
    let store: Store
    public let scope: Scope

    public func list() async throws -> [Election] { try await store.elections(scope: scope.region) }

    /// An election visible to the scope, or nil.
    public func election(_ id: Int) async throws -> Election? { try await store.election(id, scope: scope.region) }

    public func create(_ input: ElectionInput, template: ElectionTemplate?, actor: Actor) async throws -> Election {
        try await store.createElection(input, template: template, scope: scope.region, actor: actor)
    }

    public func update(_ id: Int, _ input: ElectionInput, actor: Actor) async throws {
        try await store.updateElection(id, input, scope: scope.region, actor: actor)
    }

    /// The stages of an election visible to the scope; empty when it is not one.
    public func stages(of electionID: Int) async throws -> [ElectionStage] {
        guard try await election(electionID) != nil else { return [] }
        return try await store.stages(of: electionID)
    }

    public func saveStage(of electionID: Int, stageID: Int?, _ plan: StagePlan, actor: Actor) async throws {
        try await store.saveStage(electionID: electionID, stageID: stageID, plan, scope: scope.region, actor: actor)
    }

    /// The candidate pairs of an election visible to the scope; empty when it is not one.
    public func candidates(of electionID: Int) async throws -> [Candidate] {
        guard try await election(electionID) != nil else { return [] }
        return try await store.candidates(of: electionID)
    }

    public func saveCandidate(of electionID: Int, _ input: CandidateInput, actor: Actor) async throws {
        try await store.saveCandidate(electionID: electionID, input, scope: scope.region, actor: actor)
    }

    // MARK: Problems

    public func problems(of electionID: Int, filter: ProblemFilter) async throws -> Page<ElectionProblem> {
        try await store.problems(electionID: electionID, scope: scope.region, filter: filter)
    }

    public func problem(_ id: Int, of electionID: Int) async throws -> ElectionProblem? {
        try await store.problem(id, electionID: electionID, scope: scope.region)
    }

    /// The timeline of a problem of the scope; empty when it is not one.
    public func problemEvents(_ id: Int, of electionID: Int) async throws -> [ProblemEvent] {
        guard try await problem(id, of: electionID) != nil else { return [] }
        return try await store.problemEvents(id)
    }

    /// The incident reports linked to a problem, those the scope may see.
    public func problemReports(_ id: Int) async throws -> [(id: Int, title: String, status: ReportStatus)] {
        try await store.problemReports(id, scope: scope.region)
    }

    public func createProblem(in electionID: Int, _ input: ProblemInput, actor: Actor) async throws -> ElectionProblem {
        try await store.createProblem(electionID: electionID, input, principal: try scope.requirePrincipal(), actor: actor)
    }

    public func updateProblem(_ id: Int, of electionID: Int, _ input: ProblemInput, actor: Actor) async throws {
        try await store.updateProblem(id, electionID: electionID, input, principal: try scope.requirePrincipal(), actor: actor)
    }

    public func moveProblem(_ id: Int, of electionID: Int, to status: ProblemStatus, note: String?, actor: Actor) async throws {
        try await store.moveProblem(id, electionID: electionID, to: status, note: note, principal: try scope.requirePrincipal(), actor: actor)
    }

    // MARK: Desk

    /// The agency notes of the election's desks inside the scope for the days given.
    public func deskNotes(of electionID: Int, from start: LocalDate, through end: LocalDate) async throws -> [DeskNote] {
        guard try await election(electionID) != nil else { return [] }
        return try await store.deskNotes(electionID: electionID, scope: scope.region, from: start, through: end)
    }

    public func saveDeskNote(in electionID: Int, day: LocalDate, note: String, desk: RegionCode? = nil, actor: Actor) async throws {
        try await store.saveDeskNote(electionID: electionID, day: day, note: note, desk: desk, principal: try scope.requirePrincipal(), actor: actor)
    }

    /// The reports of the election's desks inside the scope.
    public func deskReports(of electionID: Int, page: Int = 1, pageSize: Int = 60) async throws -> Page<DeskReport> {
        guard try await election(electionID) != nil else { return Page(items: [], page: max(page, 1), pageSize: pageSize, hasNext: false) }
        return try await store.deskReports(electionID: electionID, scope: scope.region, page: page, pageSize: pageSize)
    }

    public func deskReport(_ id: Int, of electionID: Int) async throws -> DeskReport? {
        guard try await election(electionID) != nil else { return nil }
        return try await store.deskReport(id, electionID: electionID, scope: scope.region)
    }

    public func openDeskReport(in electionID: Int, kind: DeskReportKind, date: LocalDate, actor: Actor) async throws -> DeskReport {
        try await store.openDeskReport(electionID: electionID, kind: kind, date: date, principal: try scope.requirePrincipal(), actor: actor)
    }

    public func editDeskReport(_ id: Int, of electionID: Int, narrative: String, recompile: Bool, actor: Actor) async throws {
        try await store.editDeskReport(id, electionID: electionID, narrative: narrative, recompile: recompile, principal: try scope.requirePrincipal(), actor: actor)
    }

    public func finaliseDeskReport(_ id: Int, of electionID: Int, actor: Actor) async throws {
        try await store.finaliseDeskReport(id, electionID: electionID, principal: try scope.requirePrincipal(), actor: actor)
    }
}

extension Store {
    /// The Desk Pilkada `scope` may reach.
    public func elections(_ scope: Scope) -> ElectionRepository { ElectionRepository(store: self, scope: scope) }
}
