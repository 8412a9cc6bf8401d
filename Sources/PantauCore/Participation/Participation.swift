/// A figure a result form may leave out: voters from the transfer list (DPTb), from the
/// additional list (DPK), and voters with a disability.
public enum OptionalCount: String, Sendable, CaseIterable, Codable {
    case dptb, dpk, disabled = "disabilitas"
}

/// Voter figures of one place (a TPS or a region) in one election, as KPU's result forms give
/// them. Only counts are kept; every rate is computed from them.
public struct VoterCounts: Sendable, Equatable, Codable {
    /// Registered on the permanent voter list (DPT), men and women.
    public var dptMale = 0, dptFemale = 0
    /// Voters who used their right (from DPT, DPTb and DPK together), men and women.
    public var votedMale = 0, votedFemale = 0
    /// Of those, voters on the transfer list (DPTb) and the additional list (DPK).
    public var dptb = 0, dpk = 0
    /// Voters with a disability who voted.
    public var disabled = 0
    public var valid = 0, invalid = 0
    /// Votes per candidate pair, by ballot number.
    public var votes: [Int: Int] = [:]
    /// The optional figures never entered (older recapitulations give no DPTb or DPK), shown as
    /// "tidak diketahui" rather than 0. A sum is known only when every part is.
    public var unknown: Set<OptionalCount> = []

    public init() {}

    /// The unknown set from a stored row's flags (1 = never entered; for a sum, in some part).
    public static func unknown(dptb: Int, dpk: Int, disabled: Int) -> Set<OptionalCount> {
        var set: Set<OptionalCount> = []
        if dptb != 0 { set.insert(.dptb) }
        if dpk != 0 { set.insert(.dpk) }
        if disabled != 0 { set.insert(.disabled) }
        return set
    }

    /// True when `field` was entered (for a sum: in every part).
    public func isKnown(_ field: OptionalCount) -> Bool { !unknown.contains(field) }

    public var dpt: Int { dptMale + dptFemale }
    public var voted: Int { votedMale + votedFemale }
    /// Everyone who could vote here: DPT plus those who voted from DPTb and DPK (KPU's denominator).
    /// A list never entered adds nothing; `electorateIsPartial` says so.
    public var electorate: Int { dpt + dptb + dpk }
    /// DPTb or DPK was never entered, so the electorate is DPT alone (or DPT and the other list).
    public var electorateIsPartial: Bool { !isKnown(.dptb) || !isKnown(.dpk) }
    public var ballots: Int { valid + invalid }

    /// Turnout as KPU reports it (Partisipasi): voters / (DPT + DPTb + DPK).
    public var turnout: Double? { Self.rate(voted, electorate) }
    /// Voters against the permanent list alone (voters / DPT), the basis the rates by sex share:
    /// KPU's forms do not split DPTb and DPK by sex, so men's and women's rates cannot use KPU's
    /// denominator.
    public var turnoutOfDPT: Double? { Self.rate(voted, dpt) }
    /// Men who voted / men on the DPT (same basis as `turnoutOfDPT`).
    public var turnoutMale: Double? { Self.rate(votedMale, dptMale) }
    /// Women who voted / women on the DPT (same basis as `turnoutOfDPT`).
    public var turnoutFemale: Double? { Self.rate(votedFemale, dptFemale) }
    public var invalidShare: Double? { Self.rate(invalid, ballots) }
    public func share(of candidate: Int) -> Double? { Self.rate(votes[candidate] ?? 0, valid) }

    static func rate(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }

    public static func + (a: VoterCounts, b: VoterCounts) -> VoterCounts {
        var sum = VoterCounts()
        sum.dptMale = a.dptMale + b.dptMale; sum.dptFemale = a.dptFemale + b.dptFemale
        sum.votedMale = a.votedMale + b.votedMale; sum.votedFemale = a.votedFemale + b.votedFemale
        sum.dptb = a.dptb + b.dptb; sum.dpk = a.dpk + b.dpk; sum.disabled = a.disabled + b.disabled
        sum.valid = a.valid + b.valid; sum.invalid = a.invalid + b.invalid
        sum.votes = a.votes.merging(b.votes, uniquingKeysWith: +)
        sum.unknown = a.unknown.union(b.unknown)
        return sum
    }

    public static func sum(_ counts: some Sequence<VoterCounts>) -> VoterCounts { counts.reduce(VoterCounts(), +) }

    /// The named figures in a fixed order, for tables, CSV headers and comparisons.
    public static let fields: [(key: String, label: String, value: @Sendable (VoterCounts) -> Int)] = [
        ("dpt_l", "DPT laki-laki", { $0.dptMale }), ("dpt_p", "DPT perempuan", { $0.dptFemale }),
        ("memilih_l", "Memilih laki-laki", { $0.votedMale }), ("memilih_p", "Memilih perempuan", { $0.votedFemale }),
        ("dptb", "Memilih dari DPTb", { $0.dptb }), ("dpk", "Memilih dari DPK", { $0.dpk }),
        ("disabilitas", "Pemilih disabilitas", { $0.disabled }),
        ("suara_sah", "Suara sah", { $0.valid }), ("suara_tidak_sah", "Suara tidak sah", { $0.invalid }),
    ]

    /// Rules every set of figures must keep; each broken one is a message naming the columns.
    public func problems(candidates: Set<Int>) -> [(column: String, reason: String)] {
        var found: [(String, String)] = []
        if ballots != voted {
            found.append(("suara_sah", "suara sah + tidak sah (\(ballots)) harus sama dengan jumlah pemilih yang memilih (\(voted))"))
        }
        if voted > electorate {
            found.append(("memilih_l", "pemilih yang memilih (\(voted)) melebihi DPT + DPTb + DPK (\(electorate))"))
        }
        if dptb + dpk > voted { found.append(("dptb", "pemilih DPTb + DPK (\(dptb + dpk)) melebihi yang memilih (\(voted))")) }
        if disabled > voted { found.append(("disabilitas", "pemilih disabilitas (\(disabled)) melebihi yang memilih (\(voted))")) }
        // Figures without votes per pair (turnout only, as older recapitulations give them) are
        // accepted; once votes are given they must add up to the valid votes.
        if !candidates.isEmpty && !votes.isEmpty {
            let unknown = Set(votes.keys).subtracting(candidates)
            if !unknown.isEmpty { found.append(("paslon_\(unknown.sorted()[0])", "paslon nomor \(unknown.sorted().map(String.init).joined(separator: ", ")) tidak ada pada pemilihan ini")) }
            let total = votes.values.reduce(0, +)
            if total != valid { found.append(("suara_sah", "jumlah suara paslon (\(total)) harus sama dengan suara sah (\(valid))")) }
        }
        return found
    }

    /// The figures that differ between two sets, by field label (for the consistency check).
    public func differences(from other: VoterCounts) -> [String] {
        // A figure one side never entered cannot disagree.
        let unknownKeys = Set(unknown.union(other.unknown).map(\.rawValue))
        var labels = Self.fields.filter { !unknownKeys.contains($0.key) && $0.value(self) != $0.value(other) }.map(\.label)
        for number in Set(votes.keys).union(other.votes.keys).sorted() where (votes[number] ?? 0) != (other.votes[number] ?? 0) {
            labels.append("Suara paslon \(number)")
        }
        return labels
    }
}

/// A rate as Indonesians write it: "69,63%".
public func percentText(_ value: Double?, digits: Int = 2) -> String {
    guard let value, value.isFinite else { return "–" }
    return decimalText(value * 100, digits: digits) + "%"
}

/// A signed change in percentage points: "+3,10" / "−1,25".
public func pointsText(_ value: Double?, digits: Int = 2) -> String {
    guard let value, value.isFinite else { return "–" }
    let text = decimalText(abs(value * 100), digits: digits)
    return (value < 0 ? "−" : "+") + text
}

/// A number with a comma as the decimal separator.
public func decimalText(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    let whole = Int(rounded.magnitude)
    var fraction = Int(((rounded.magnitude - Double(whole)) * scale).rounded())
    var wholePart = whole
    if fraction >= Int(scale) { wholePart += 1; fraction -= Int(scale) }
    let sign = rounded < 0 && (wholePart > 0 || fraction > 0) ? "-" : ""
    guard digits > 0 else { return sign + String(wholePart) }
    return sign + String(wholePart) + "," + String(fraction).leftPadded(digits)
}

/// A count with dots between thousands: "513.851".
public func countText(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}

/// Two elections side by side for the same places (e.g. Pilwalkot 2024 against 2018): the figures
/// of each, matched by place, and the change in turnout in percentage points.
public struct TurnoutComparison: Sendable {
    public struct Place: Sendable {
        /// A region code, or "kode#tps" for a polling station.
        public var key: String
        public var name: String
        public var current: VoterCounts?
        public var previous: VoterCounts?

        public init(key: String, name: String, current: VoterCounts?, previous: VoterCounts?) {
            (self.key, self.name, self.current, self.previous) = (key, name, current, previous)
        }

        /// Current turnout minus previous turnout (0.031 = +3.1 points); nil when either is missing.
        public var change: Double? {
            guard let now = current?.turnout, let then = previous?.turnout else { return nil }
            return now - then
        }
    }

    public var places: [Place]
    public var total: Place

    /// Matches the parts of both elections by key; a place found in only one of them keeps an empty side.
    public init(total: (name: String, current: VoterCounts, previous: VoterCounts),
                current: [(key: String, name: String, counts: VoterCounts)], previous: [(key: String, name: String, counts: VoterCounts)]) {
        var places: [String: Place] = [:]
        for part in current { places[part.key] = Place(key: part.key, name: part.name, current: part.counts, previous: nil) }
        for part in previous { places[part.key, default: Place(key: part.key, name: part.name, current: nil, previous: nil)].previous = part.counts }
        self.places = places.values.sorted { $0.key < $1.key }
        self.total = Place(key: "total", name: total.name, current: total.current.voted > 0 || total.current.dpt > 0 ? total.current : nil,
                           previous: total.previous.voted > 0 || total.previous.dpt > 0 ? total.previous : nil)
    }
}
