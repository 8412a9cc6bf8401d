/// When an outgoing webhook fires and how failed deliveries are retried.
public enum WebhookPolicy {
    public static let maxAttempts = 8

    /// Seconds to wait after the given number of failed attempts: 30 s doubling, at most 6 hours.
    public static func retryDelay(afterAttempts attempts: Int) -> Int {
        min(30 << min(max(attempts - 1, 0), 20), 6 * 3600)
    }

    /// A report fires on verification, and on arrival when it is berat or kritis.
    public static func fires(on transition: ReportTransition?, severity: Severity, status: ReportStatus) -> String? {
        if transition == .verify { return "report.verified" }
        if (transition == nil || transition == .submit), status == .submitted, severity.isSevere { return "report.severe" }
        return nil
    }
}
