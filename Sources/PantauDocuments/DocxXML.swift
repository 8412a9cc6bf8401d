/// Text to XML: escaping, removal of what XML 1.0 forbids, and WordprocessingML runs.
enum XMLText {
    /// Whether XML 1.0 allows the scalar at all (`Char` production). Swift strings never hold
    /// surrogates, so what is left out is C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `text` without characters XML 1.0 forbids, and with CR LF and lone CR turned into LF.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(scalar)
        }
        return String(out)
    }

    /// Escaped for element content and for attribute values in double or single quotes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in clean(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One `w:r` holding `text`, with "\n" as `w:br` and "\t" as `w:tab`; "" when `text` is empty.
    static func run(_ text: String, _ runProperties: String = "") -> String {
        let text = clean(text)
        guard !text.isEmpty else { return "" }
        var out = "<w:r>"
        if !runProperties.isEmpty { out += "<w:rPr>\(runProperties)</w:rPr>" }
        var pending = ""
        func flush() {
            guard !pending.isEmpty else { return }
            out += "<w:t xml:space=\"preserve\">\(escape(pending))</w:t>"
            pending = ""
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": flush(); out += "<w:br/>"
            case "\t": flush(); out += "<w:tab/>"
            default: pending.unicodeScalars.append(scalar)
            }
        }
        flush()
        return out + "</w:r>"
    }

    /// A `w:p` with the given paragraph properties (inner XML of `w:pPr`) and content.
    static func paragraph(_ properties: String, _ content: String) -> String {
        "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + content + "</w:p>"
    }
}
