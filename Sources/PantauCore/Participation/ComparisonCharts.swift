import Foundation

/// Sequential colour classes for rates (turnout per region): five classes of equal width between
/// the lowest and the highest value shown, so that differences of a few points stay visible.
public struct RateScale: Sendable {
    public static let colors = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
    public static let noData = "#e5e7eb"
    public var low: Double
    public var high: Double

    public init(values: [Double?]) {
        let known = values.compactMap { $0 }.filter(\.isFinite)
        // Whole percentage points at the ends, so the legend reads cleanly.
        let low = ((known.min() ?? 0) * 100 + 1e-9).rounded(.down) / 100
        let high = ((known.max() ?? 1) * 100 - 1e-9).rounded(.up) / 100
        self.low = low
        self.high = high > low ? high : low + 0.01
    }

    public func color(for value: Double?) -> String {
        guard let value, value.isFinite else { return Self.noData }
        let index = Int(((value - low) / (high - low) * Double(Self.colors.count)).rounded(.down))
        return Self.colors[min(max(index, 0), Self.colors.count - 1)]
    }

    public var legend: [(color: String, label: String)] {
        let step = (high - low) / Double(Self.colors.count)
        return Self.colors.enumerated().map { index, color in
            (color, "\(percentText(low + step * Double(index), digits: 1)) – \(percentText(low + step * Double(index + 1), digits: 1))")
        } + [(Self.noData, "Tanpa data")]
    }
}

/// Diverging colour classes for a change in percentage points: red for a fall, blue for a rise,
/// pale for almost no change; symmetric around zero so both directions read alike.
public struct ChangeScale: Sendable {
    public static let falls = ["#fddbc7", "#ef8a62", "#b2182b"]
    public static let rises = ["#d1e5f0", "#67a9cf", "#2166ac"]
    public static let steady = "#f7f7f7"
    /// Changes smaller than this (half a point) count as no change.
    public static let threshold = 0.005
    public var extent: Double

    public init(values: [Double?]) {
        let largest = values.compactMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0
        // Whole points, at least one beyond the threshold.
        extent = max((largest * 100 - 1e-9).rounded(.up) / 100, Self.threshold * 2)
    }

    public func color(for change: Double?) -> String {
        guard let change, change.isFinite else { return RateScale.noData }
        guard abs(change) >= Self.threshold else { return Self.steady }
        let classes = Self.rises.count
        let index = min(classes - 1, Int(((abs(change) - Self.threshold) / (extent - Self.threshold) * Double(classes)).rounded(.down)))
        return change < 0 ? Self.falls[max(index, 0)] : Self.rises[max(index, 0)]
    }

    public var legend: [(color: String, label: String)] {
        let classes = Self.rises.count
        let step = (extent - Self.threshold) / Double(classes)
        func bound(_ index: Int) -> Double { Self.threshold + step * Double(index) }
        var entries: [(String, String)] = []
        for index in (0..<classes).reversed() {
            entries.append((Self.falls[index], "turun \(decimalText(bound(index) * 100, digits: 1)) – \(decimalText(bound(index + 1) * 100, digits: 1)) poin"))
        }
        entries.append((Self.steady, "berubah kurang dari \(decimalText(Self.threshold * 100, digits: 1)) poin"))
        for index in 0..<classes {
            entries.append((Self.rises[index], "naik \(decimalText(bound(index) * 100, digits: 1)) – \(decimalText(bound(index + 1) * 100, digits: 1)) poin"))
        }
        return entries + [(RateScale.noData, "Tanpa data pembanding")]
    }
}

/// Horizontal bars of rates (0-100%) per place, one bar per series: a single series for turnout
/// per kecamatan, two for comparing elections. Horizontal so that long names stay readable on a
/// phone; the axis always starts at zero.
public struct SVGRateBarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public init(name: String, color: String) { (self.name, self.color) = (name, color) }
    }

    /// Narrower than the maps, so that its text stays legible when a phone scales it down.
    public var width: Double = 560

    public init() {}

    /// A chart drawn `width` units wide (360 for a phone).
    public init(width: Double) { self.width = width }

    public static let palette = ["#1d6fb8", "#f59e0b"]

    public func render(title: String, series: [Series], rows: [(label: String, values: [Double?])]) -> String {
        let barHeight = 16.0, barGap = 3.0, rowGap = 12.0
        let legendHeight = series.count > 1 ? 28.0 : 0
        let top = 8.0 + legendHeight, axisHeight = 26.0
        let longest = rows.map(\.label.count).max() ?? 0
        let labelWidth = min(170, max(70, Double(longest) * 7.2 + 8))
        let valueWidth = 62.0
        let plotLeft = labelWidth + 8, plotWidth = width - plotLeft - valueWidth
        let rowHeight = Double(max(series.count, 1)) * (barHeight + barGap) - barGap + rowGap
        let height = top + Double(max(rows.count, 1)) * rowHeight + axisHeight
        func x(_ rate: Double) -> Double { plotLeft + plotWidth * min(max(rate, 0), 1) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" role=\"img\" aria-label=\"\(title.xmlEscaped)\" class=\"chart rates\" font-family=\"system-ui, sans-serif\">\n<title>\(title.xmlEscaped)</title>\n"
        if series.count > 1 {
            var legendX = plotLeft
            for entry in series {
                svg += "<rect x=\"\(f(legendX))\" y=\"8\" width=\"14\" height=\"14\" fill=\"\(entry.color.xmlEscaped)\" rx=\"2\"/><text x=\"\(f(legendX + 20))\" y=\"19\" font-size=\"12\" fill=\"#1f2937\">\(entry.name.xmlEscaped)</text>\n"
                legendX += 34 + Double(entry.name.count) * 6.8
            }
        }
        let plotBottom = height - axisHeight
        for tick in stride(from: 0, through: 100, by: 20) {
            let tx = x(Double(tick) / 100)
            svg += "<line x1=\"\(f(tx))\" x2=\"\(f(tx))\" y1=\"\(f(top - 4))\" y2=\"\(f(plotBottom))\" stroke=\"#e5e7eb\"/><text x=\"\(f(tx))\" y=\"\(f(plotBottom + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#6b7280\">\(tick)%</text>\n"
        }
        if rows.isEmpty {
            svg += "<text x=\"\(f(plotLeft))\" y=\"\(f(top + 20))\" font-size=\"13\" fill=\"#6b7280\">Belum ada data.</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let rowTop = top + Double(index) * rowHeight
            let groupHeight = rowHeight - rowGap
            svg += "<text x=\"\(f(labelWidth))\" y=\"\(f(rowTop + groupHeight / 2 + 4))\" font-size=\"12\" text-anchor=\"end\" fill=\"#1f2937\">\(Self.clipped(row.label, to: labelWidth).xmlEscaped)</text>\n"
            for (position, entry) in series.enumerated() {
                let y = rowTop + Double(position) * (barHeight + barGap)
                let value = position < row.values.count ? row.values[position] : nil
                let tooltip = "\(row.label) · \(entry.name): \(percentText(value))"
                if let value, value.isFinite {
                    svg += "<rect x=\"\(f(plotLeft))\" y=\"\(f(y))\" width=\"\(f(max(x(value) - plotLeft, 1)))\" height=\"\(f(barHeight))\" fill=\"\(entry.color.xmlEscaped)\" rx=\"2\"><title>\(tooltip.xmlEscaped)</title></rect>\n"
                    svg += "<text x=\"\(f(x(value) + 4))\" y=\"\(f(y + barHeight - 4))\" font-size=\"11\" fill=\"#374151\">\(percentText(value, digits: 1).xmlEscaped)</text>\n"
                } else {
                    svg += "<text x=\"\(f(plotLeft + 4))\" y=\"\(f(y + barHeight - 4))\" font-size=\"11\" fill=\"#9ca3af\">tanpa data<title>\(tooltip.xmlEscaped)</title></text>\n"
                }
            }
        }
        return svg + "</svg>\n"
    }

    /// Cuts a label to what fits the label column, with an ellipsis.
    static func clipped(_ label: String, to width: Double) -> String {
        let fits = Int(width / 7.2)
        return label.count <= fits ? label : String(label.prefix(max(fits - 1, 1))) + "…"
    }

    private func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
