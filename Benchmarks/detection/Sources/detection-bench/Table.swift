import Foundation
import PantauCore

/// A plain-text table with a Markdown look, so a run pastes into the README as it is.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { index, cell in
                cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

func percent(_ value: Double) -> String { value.isNaN ? "–" : String(format: "%.1f%%", value * 100) }
func decimal(_ value: Double, _ digits: Int = 2) -> String { value.isNaN ? "–" : String(format: "%.\(digits)f", value) }

extension RegionLevel {
    var short: String {
        switch self {
        case .nasional: "nasional"
        case .provinsi: "provinsi"
        case .kabupatenKota: "kab/kota"
        case .kecamatan: "kecamatan"
        case .desaKelurahan: "desa"
        }
    }
}

extension DetectionRule {
    /// The parameters that matter for the rule's kind, in one short cell.
    var parameters: String {
        switch kind {
        case .threshold: "≥\(minimumCount) in \(windowDays) d"
        case .c1, .c2, .c3: "k \(decimal(k, 1)), minSigma \(decimal(minSigma, 1)), min \(minimumCount)"
        }
    }
}

let scoreHeader = ["rule", "kind", "level", "parameters", "sens", "sens ≤1 d", "spec", "PPV",
                   "median d", "mean d", "false alerts/wk/100 kec"]

func scoreRow(_ name: String, _ rule: DetectionRule, _ score: Score) -> [String] {
    [name, rule.kind.rawValue, rule.level.short, rule.parameters, percent(score.sensitivity), percent(score.sensitivityWithinOneDay),
     percent(score.specificity), percent(score.positivePredictiveValue), decimal(score.medianDelay, 1), decimal(score.meanDelay),
     decimal(score.falseAlertsPerWeek, 1)]
}
