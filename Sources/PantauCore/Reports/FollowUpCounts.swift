/// An open follow-up: an assignment not yet done, to `agencyID`, of a report in follow-up at
/// `region`.
public struct OpenFollowUp: Hashable, Sendable {
    public var region: String
    public var agencyID: Int

    public init(region: String, agencyID: Int) {
        self.region = region
        self.agencyID = agencyID
    }
}

/// A row of the open follow-up counts: a level, a region cut to it (empty for the nation) and an
/// agency.
public struct FollowUpCountKey: Hashable, Sendable {
    public var level: Int
    public var region: String
    public var agencyID: Int
}

/// The open follow-ups per level, region and agency, kept like the daily counts: a change of one
/// report moves its open follow-ups from what they were to what they are.
public enum FollowUpCounts {
    /// The rows one open follow-up counts under, from the nation to the report's own region.
    public static func keys(_ followUp: OpenFollowUp) -> [FollowUpCountKey] {
        DayCounts.regions(followUp.region).map { FollowUpCountKey(level: $0.level, region: $0.region, agencyID: followUp.agencyID) }
    }

    /// -1 for each row a follow-up left, +1 for each it joined; sorted, so two writers touch rows
    /// in one order.
    public static func deltas(before: [OpenFollowUp], after: [OpenFollowUp]) -> [(key: FollowUpCountKey, delta: Int)] {
        var change: [FollowUpCountKey: Int] = [:]
        for key in before.flatMap(keys) { change[key, default: 0] -= 1 }
        for key in after.flatMap(keys) { change[key, default: 0] += 1 }
        return change.filter { $0.value != 0 }.map { ($0.key, $0.value) }.sorted { a, b in
            (a.key.level, a.key.region, a.key.agencyID) < (b.key.level, b.key.region, b.key.agencyID)
        }
    }
}
