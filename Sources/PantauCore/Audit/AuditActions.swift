extension Action {
    public static let viewAudit = Action("audit.view", "Melihat log audit", roles: [.administrator])

    public static let auditActions: [Action] = [.viewAudit]
}
