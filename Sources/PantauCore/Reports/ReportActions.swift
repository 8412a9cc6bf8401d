extension Action {
    public static let viewReports = Action("reports.view", "Melihat laporan kejadian", roles: .everyone)
    public static let createReports = Action("reports.create", "Membuat dan mengirim laporan kejadian", roles: [.administrator, .analyst, .monitor, .partner])
    public static let viewReporterContact = Action("reports.contact", "Melihat kontak pelapor masyarakat", roles: [.administrator, .analyst])

    public static let reportActions: [Action] = [.viewReports, .createReports, .viewReporterContact]
}

extension AuditEntity {
    public static let report = AuditEntity("report", "Laporan")
    public static let category = AuditEntity("category", "Kategori")
}
