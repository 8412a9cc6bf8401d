import Foundation

/// A column chart drawn as SVG, for trends over days or weeks.
public struct SVGBarChart: Sendable {
    public var width: Double = 800
    public var height: Double = 260

    public init() {}

    /// A chart drawn `width` units wide: 360 keeps its 11-unit text about 10 px on a phone.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public func render(title: String, bars: [(label: String, value: Int)], color: String = "#1d6fb8") -> String {
        let left = 40.0, bottom = 40.0, top = 16.0, right = 8.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let step = Self.niceStep(maximum)
        let topValue = Int((Double(maximum) / Double(step)).rounded(.up)) * step
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(title.xmlEscaped)\" class=\"chart\" font-family=\"system-ui, sans-serif\">\n<title>\(title.xmlEscaped)</title>\n"
        var tick = 0
        while tick <= topValue {
            let y = top + plotHeight - plotHeight * Double(tick) / Double(topValue)
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(width - right))\" y1=\"\(Self.f(y))\" y2=\"\(Self.f(y))\" stroke=\"#e5e7eb\"/><text x=\"\(Int(left - 6))\" y=\"\(Self.f(y + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7280\">\(tick)</text>\n"
            tick += step
        }
        guard !bars.isEmpty else { return svg + "</svg>\n" }
        let slot = plotWidth / Double(bars.count)
        let labelEvery = max(1, Int((Double(bars.count) * 46 / plotWidth).rounded(.up)))
        for (index, bar) in bars.enumerated() {
            let barHeight = plotHeight * Double(bar.value) / Double(topValue)
            let x = left + Double(index) * slot + slot * 0.15
            svg += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(top + plotHeight - barHeight))\" width=\"\(Self.f(slot * 0.7))\" height=\"\(Self.f(barHeight))\" fill=\"\(color)\" rx=\"2\"><title>\(bar.label.xmlEscaped): \(bar.value)</title></rect>\n"
            if index % labelEvery == 0 {
                svg += "<text x=\"\(Self.f(x + slot * 0.35))\" y=\"\(Self.f(height - bottom + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#374151\">\(bar.label.xmlEscaped)</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    static func niceStep(_ maximum: Int) -> Int {
        let rough = Double(maximum) / 4
        let magnitude = pow(10, floor(log10(max(rough, 1))))
        for factor in [1.0, 2.0, 5.0, 10.0] where magnitude * factor >= rough { return max(Int(magnitude * factor), 1) }
        return max(Int(magnitude * 10), 1)
    }

    static func f(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}

/// Sequential colour classes for choropleth maps: zero stays pale, the rest falls into up to five
/// classes of equal width up to the maximum.
public struct ChoroplethScale: Sendable {
    /// Zero in neutral grey, then ColorBrewer's five-class sequential YlOrRd: steps that stay apart
    /// on a phone in daylight and in greyscale print.
    public static let colors = ["#f0f0f0", "#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
    public var maximum: Int

    public init(values: [Int]) { maximum = values.max() ?? 0 }

    public func color(for value: Int) -> String {
        guard value > 0, maximum > 0 else { return Self.colors[0] }
        let classes = min(5, maximum)
        let index = min(classes, Int((Double(value) / Double(maximum) * Double(classes)).rounded(.up)))
        return Self.colors[max(index, 1)]
    }

    public var legend: [(color: String, label: String)] {
        var entries = [(Self.colors[0], "0")]
        guard maximum > 0 else { return entries }
        let classes = min(5, maximum)
        var low = 1
        for index in 1...classes {
            let high = Int((Double(maximum) * Double(index) / Double(classes)).rounded(.down))
            if high < low { continue }
            entries.append((Self.colors[index], low == high ? "\(low)" : "\(low)–\(high)"))
            low = high + 1
        }
        return entries
    }
}
