import Foundation
import PantauCore

/// TPS, the TPS survey and voter figures of elections as one caller may reach them: always inside
/// the scope's region, and written only to elections the scope's region contains.
public struct ParticipationRepository: Sendable {
    let store: Store
    public let scope: Scope

    /// `region` when it lies in the scope; anything else is not there for this caller.
    func inside(_ region: RegionCode) throws -> RegionCode {
        guard region.isWithin(scope.region) else { throw NotFound("wilayah") }
        return region
    }

    public func stations(of electionID: Int, in region: RegionCode, variable: String? = nil, vulnerableOnly: Bool = false,
                         page: Int = 1, pageSize: Int = 100) async throws -> Page<PollingStation> {
        guard try await store.election(electionID, scope: scope.region) != nil else { throw NotFound("pemilihan") }
        return try await store.stations(electionID: electionID, region: try inside(region), variable: variable, vulnerableOnly: vulnerableOnly,
                                        page: page, pageSize: pageSize)
    }

    public func station(_ id: Int, of electionID: Int) async throws -> (PollingStation, Set<Int>)? {
        try await store.station(id, electionID: electionID, scope: scope.region)
    }

    public func recordFindings(at stationID: Int, of electionID: Int, indicators: Set<Int>, actor: Actor) async throws {
        try await store.recordFindings(stationID: stationID, electionID: electionID, indicators: indicators, scope: scope.region, actor: actor)
    }

    public func vulnerabilitySummary(of electionID: Int, in region: RegionCode, variable: String?) async throws
        -> (byChild: [String: Int], byVariable: [String: Int], stations: Int) {
        guard try await store.election(electionID, scope: scope.region) != nil else { throw NotFound("pemilihan") }
        return try await store.vulnerabilitySummary(electionID: electionID, region: try inside(region), variable: variable)
    }

    public func importStations(into electionID: Int, rows: [PollingStationRow], actor: Actor) async throws {
        try await store.importStations(electionID: electionID, rows: rows, scope: scope.region, actor: actor)
    }

    @discardableResult
    public func importStations(into electionID: Int, table: ImportTable, actor: Actor) async throws -> Int {
        try await store.importStations(electionID: electionID, table: table, scope: scope.region, actor: actor)
    }

    public func participation(of electionID: Int, in region: RegionCode) async throws -> ParticipationView {
        try await store.participation(electionID: electionID, region: region, scope: scope.region)
    }

    public func saveParticipation(of electionID: Int, rows: [ParticipationRow], actor: Actor) async throws {
        try await store.saveParticipation(electionID: electionID, rows: rows, scope: scope.region, actor: actor)
    }

    @discardableResult
    public func importParticipation(into electionID: Int, table: ImportTable, actor: Actor) async throws -> Int {
        try await store.importParticipation(electionID: electionID, table: table, scope: scope.region, actor: actor)
    }
}

extension Store {
    /// The TPS and voter figures `scope` may reach.
    public func participation(_ scope: Scope) -> ParticipationRepository { ParticipationRepository(store: self, scope: scope) }
}
