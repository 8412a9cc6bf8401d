/// Where an outgoing request (the webhook) may go. A target on the machine itself, on a link, or
/// in a private range would let whoever sets the URL reach services that are not meant to be
/// reached from Pantau (a database, a cloud metadata endpoint, an office router).
public enum NetworkAddress {
    /// True when `address` (the numeric text of an IPv4 or IPv6 address, as the resolver gives
    /// it) is loopback, unspecified, link-local, private (RFC 1918, CGNAT, IPv6 unique local),
    /// multicast or reserved; an IPv4-mapped IPv6 address is judged by its IPv4 part. Text that is
    /// not an address counts as private: what cannot be judged is not trusted.
    public static func isPrivate(_ address: String) -> Bool {
        if let v4 = ipv4(address) { return isPrivate(v4) }
        guard let v6 = ipv6(address) else { return true }
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
            return isPrivate((v6[12], v6[13], v6[14], v6[15]))  // ::ffff:a.b.c.d
        }
        if v6.allSatisfy({ $0 == 0 }) { return true }  // ::
        if v6[0..<15].allSatisfy({ $0 == 0 }) && v6[15] == 1 { return true }  // ::1
        if v6[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
        if v6[0] == 0xFE && v6[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if v6[0] == 0xFE && v6[1] & 0xC0 == 0xC0 { return true }  // fec0::/10 site-local (deprecated)
        if v6[0] == 0xFF { return true }  // multicast
        return false
    }

    static func isPrivate(_ a: (UInt8, UInt8, UInt8, UInt8)) -> Bool {
        switch (a.0, a.1) {
        case (0, _), (10, _), (127, _): return true
        case (100, 64...127): return true  // carrier-grade NAT
        case (169, 254): return true  // link-local, cloud metadata
        case (172, 16...31), (192, 168): return true
        case (192, 0): return a.2 == 0  // IETF protocol assignments
        case (198, 18...19): return true  // benchmarking
        case (224...255, _): return true  // multicast, reserved, broadcast
        default: return false
        }
    }

    /// Dotted-quad IPv4 text, four decimal parts.
    static func ipv4(_ text: String) -> (UInt8, UInt8, UInt8, UInt8)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return (bytes[0], bytes[1], bytes[2], bytes[3])
    }

    /// IPv6 text with `::` shortening and an optional dotted IPv4 tail, as 16 bytes; a zone
    /// ("%eth0") is ignored.
    static func ipv6(_ text: String) -> [UInt8]? {
        var text = Substring(text)
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        guard text.contains(":") else { return nil }
        var tail: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = ipv4(String(text[text.index(after: lastColon)...])) else { return nil }
            tail = [v4.0, v4.1, v4.2, v4.3]
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !group.isEmpty, group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        let wanted = 8 - tail.count / 2
        var words: [UInt16]
        if let range = text.range(of: "::") {
            guard let head = groups(text[..<range.lowerBound]), let rest = groups(text[range.upperBound...]),
                  !text[range.upperBound...].contains("::"), head.count + rest.count < wanted else { return nil }
            words = head + Array(repeating: 0, count: wanted - head.count - rest.count) + rest
        } else {
            guard let all = groups(text), all.count == wanted else { return nil }
            words = all
        }
        return words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } + tail
    }
}
