extension DetectionRule {
    /// The rules a new installation starts with. The EARS parameters were tuned on synthetic
    /// report streams over real regions (Benchmarks/detection/README.md has the measured figures).
    public static let defaults: [DetectionRule] = [
        // Each kritis report is seen at once; kab/kota level so a report placed only at kab/kota
        // level still counts, and a burst in one kab/kota is one alert.
        DetectionRule(name: "Laporan kritis", kind: .threshold, minimumSeverity: .kritis,
                      level: .kabupatenKota, windowDays: 1, minimumCount: 1),
        DetectionRule(name: "Kekerasan berulang di kecamatan (3 laporan dalam 7 hari)", kind: .threshold,
                      categoryCode: "kekerasan", level: .kecamatan, windowDays: 7, minimumCount: 3),
        DetectionRule(name: "Lonjakan laporan di kecamatan (EARS C2)", kind: .c2, level: .kecamatan,
                      minimumCount: 3, k: 3, minSigma: 1, baselineDays: 7),
        DetectionRule(name: "Lonjakan beruntun di kecamatan (EARS C3)", kind: .c3, level: .kecamatan,
                      minimumCount: 3, k: 3, minSigma: 1, baselineDays: 7),
        DetectionRule(name: "Lonjakan laporan di kabupaten/kota (EARS C1)", kind: .c1, level: .kabupatenKota,
                      minimumCount: 5, k: 2, minSigma: 3, baselineDays: 7),
    ]
}
