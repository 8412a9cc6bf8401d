/// What accounts offer: user administration, one's own account and tokens, and the settings
/// that belong to the whole installation.
extension Action {
    public static let viewUsers = Action("users.view", "Melihat daftar pengguna", roles: [.administrator])
    public static let manageUsers = Action("users.manage", "Menambah, mengubah dan menonaktifkan pengguna", roles: [.administrator])
    public static let manageOwnAccount = Action("account.manage", "Mengganti kata sandi sendiri", roles: .everyone)
    public static let useAPITokens = Action("tokens.manage", "Membuat dan mencabut token API sendiri", roles: .everyone)
    /// Settings of the whole installation: the webhook, report categories, TPS survey indicators
    /// and the letterhead. Besides the role, the administrator's jurisdiction must be the
    /// installation's own (or national): see `Principal.administers(installation:)`.
    public static let manageInstallation = Action("installation.settings",
                                                  "Mengatur pengaturan instalasi (webhook, kategori laporan, indikator TPS, kop surat)", roles: [.administrator])

    public static let accountActions: [Action] = [.viewUsers, .manageUsers, .manageOwnAccount, .useAPITokens, .manageInstallation]
}

extension AuditEntity {
    public static let user = AuditEntity("user", "Pengguna")
    public static let apiToken = AuditEntity("api_token", "Token API")
    public static let session = AuditEntity("session", "Sesi")
}
