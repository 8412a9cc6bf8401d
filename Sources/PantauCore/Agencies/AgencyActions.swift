extension Action {
    public static let viewAgencies = Action("agencies.view", "Melihat daftar instansi", roles: .everyone)
    public static let manageAgencies = Action("agencies.manage", "Menambah dan mengubah instansi", roles: [.administrator])

    public static let agencyActions: [Action] = [.viewAgencies, .manageAgencies]
}

extension AuditEntity {
    public static let agency = AuditEntity("agency", "Instansi")
}
