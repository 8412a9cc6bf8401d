extension Action {
    public static let viewElections = Action("elections.view", "Melihat pemilihan, tahapan, TPS, partisipasi dan laporan desk", roles: .everyone)
    public static let manageElections = Action("elections.manage", "Mengatur pemilihan, tahapan, paslon, TPS, kerawanan TPS dan data partisipasi",
                                               roles: [.administrator, .analyst])
    public static let recordProblems = Action("elections.problems", "Mencatat dan memperbarui permasalahan tahapan", roles: [.administrator, .analyst, .monitor, .partner])
    public static let writeDeskNotes = Action("elections.notes", "Menulis catatan instansi untuk laporan desk", roles: [.administrator, .analyst, .monitor, .partner])
    public static let compileDeskReports = Action("elections.reports", "Menyusun, menyunting dan memfinalkan laporan desk", roles: [.administrator, .analyst])

    public static let electionActions: [Action] = [.viewElections, .manageElections, .recordProblems, .writeDeskNotes, .compileDeskReports]
}

extension AuditEntity {
    public static let election = AuditEntity("election", "Pemilihan")
    public static let problem = AuditEntity("problem", "Permasalahan")
    public static let deskReport = AuditEntity("desk_report", "Laporan desk")
    public static let deskNote = AuditEntity("desk_note", "Catatan instansi")
}
