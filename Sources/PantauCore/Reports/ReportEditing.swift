import Foundation

/// Who may change what of a report after it was written, and what the change was, for the
/// report's timeline. The author finishes a draft and corrects a report nobody has verified yet;
/// whoever verifies corrects the facts an analyst checks (category, severity, place and time)
/// before or while verifying. Nobody rewrites a report once its follow-up has started.
public enum ReportEditing {
    public enum Extent: Sendable, Equatable {
        /// Every field of the form.
        case everything
        /// Category, severity, region, coordinates, place description, time and its precision.
        case facts
    }

    public static func extent(role: Role, status: ReportStatus, isAuthor: Bool) -> Extent? {
        if isAuthor, status == .draft || status == .submitted { return .everything }
        if ReportTransition.verify.roles.contains(role), status == .submitted || status == .verified { return .facts }
        return nil
    }

    /// What the report becomes: all of `submitted`, or only its facts over `current`.
    public static func merge(_ current: ReportInput, _ submitted: ReportInput, extent: Extent) -> ReportInput {
        guard extent == .facts else {
            var result = submitted
            // A public complaint stays one, and a reporter's contact stays as it was given (the
            // form does not carry it).
            if current.source == .publicReport { result.source = .publicReport }
            result.reporterContact = current.reporterContact
            return result
        }
        var result = current
        result.categoryCode = submitted.categoryCode
        result.severity = submitted.severity
        result.region = submitted.region
        result.location = submitted.location
        result.place = submitted.place
        result.occurredAt = submitted.occurredAt
        result.precision = submitted.precision
        return result
    }

    public struct Change: Sendable, Equatable {
        public var field: String, label: String, old: String, new: String
        public init(_ field: String, _ label: String, _ old: String, _ new: String) { (self.field, self.label, self.old, self.new) = (field, label, old, new) }
    }

    /// The fields that differ between two versions, with their values as the timeline shows
    /// them. `names` gives display names for categories and regions.
    public static func changes(from old: ReportInput, to new: ReportInput, categoryName: (String) -> String, regionName: (RegionCode) -> String,
                               time: (Int, TimePrecision) -> String) -> [Change] {
        var changes: [Change] = []
        func compare(_ field: String, _ label: String, _ a: String, _ b: String) { if a != b { changes.append(Change(field, label, a, b)) } }
        func point(_ p: GeoPoint?) -> String { p.map { String(format: "%.5f, %.5f", $0.lat, $0.lng) } ?? "—" }
        compare("judul", "Judul", old.title, new.title)
        compare("uraian", "Uraian", old.narrative, new.narrative)
        compare("kategori", "Kategori", categoryName(old.categoryCode), categoryName(new.categoryCode))
        compare("tingkat", "Tingkat", old.severity.label, new.severity.label)
        compare("sumber", "Sumber", old.source.label, new.source.label)
        compare("kode_wilayah", "Lokasi", regionName(old.region), regionName(new.region))
        compare("koordinat", "Koordinat", point(old.location), point(new.location))
        compare("tempat", "Tempat", old.place ?? "—", new.place ?? "—")
        compare("waktu_kejadian", "Waktu kejadian", time(old.occurredAt, old.precision), time(new.occurredAt, new.precision))
        compare("pihak_jenis", "Jenis pihak", old.actorKinds.map(\.label).joined(separator: ", "), new.actorKinds.map(\.label).joined(separator: ", "))
        compare("pihak_nama", "Nama pihak", old.actorNames.joined(separator: ", "), new.actorNames.joined(separator: ", "))
        func counts(_ input: ReportInput) -> String { [input.involved, input.injured, input.dead].map { $0.map(String.init) ?? "?" }.joined(separator: "/") }
        compare("jumlah", "Jumlah terlibat/luka/meninggal", counts(old), counts(new))
        compare("tag", "Tag", old.tags.joined(separator: ", "), new.tags.joined(separator: ", "))
        return changes
    }

    /// The timeline note of an edit: "Kategori: Hoaks → Politik uang; Tingkat: Sedang → Berat".
    /// Long texts (judul, uraian) are named, not quoted.
    public static func note(_ changes: [Change]) -> String {
        changes.map { change in
            change.field == "uraian" ? "Uraian diubah" : "\(change.label): \(change.old.prefix(80)) → \(change.new.prefix(80))"
        }.joined(separator: "; ")
    }
}
