extension Action {
    public static let viewRegions = Action("regions.view", "Melihat wilayah dan peta", roles: .everyone)

    public static let regionActions: [Action] = [.viewRegions]
}

extension AuditEntity {
    public static let region = AuditEntity("region", "Wilayah")
}
