/// TPS and voter participation are part of an election: they use its actions
/// (`Action.viewElections`, `Action.manageElections`) and write these kinds of record.
extension AuditEntity {
    public static let pollingStation = AuditEntity("polling_station", "TPS")
    public static let participation = AuditEntity("participation", "Partisipasi pemilih")
}
