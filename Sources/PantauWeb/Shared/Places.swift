import PantauCore
import PantauStore

/// Locations a report may name, as options of a select.
enum Places {
    /// Every desa/kelurahan of a kab/kota or kecamatan jurisdiction labelled with its kecamatan, so
    /// equal names (the two Sukawana of Kota Serang) are told apart; optionally each whole kecamatan too.
    static func options(store: Store, jurisdiction: RegionCode, selected: String?, includeKecamatan: Bool) async throws -> [Option] {
        let districts: [Region] = switch jurisdiction.level {
        case .kabupatenKota: try await store.children(of: jurisdiction).map(\.region)
        case .kecamatan: [try await store.region(jurisdiction)].compactMap { $0 }
        default: []
        }
        var options: [Option] = []
        for district in districts {
            if includeKecamatan {
                options.append(Option(value: district.code.rawValue, label: "Kec. \(district.name) (seluruh kecamatan)", selected: selected == district.code.rawValue))
            }
            for village in try await store.children(of: district.code) {
                options.append(Option(value: village.region.code.rawValue, label: "\(village.region.name) — Kec. \(district.name)", selected: selected == village.region.code.rawValue))
            }
        }
        return options
    }
}

extension Places {
    /// The places a list may be narrowed to, one level at a time below the jurisdiction: a
    /// kab/kota or kecamatan picks kecamatan and desa/kelurahan, a province its kab/kota, the
    /// ministry the provinces. A code chosen elsewhere (a link from a map) stays offered.
    static func filterOptions(store: Store, jurisdiction: RegionCode, selected: String?) async throws -> [Option] {
        var options: [Option]
        switch jurisdiction.level {
        case .kabupatenKota, .kecamatan:
            options = try await Self.options(store: store, jurisdiction: jurisdiction, selected: selected, includeKecamatan: true)
        default:
            options = try await store.children(of: jurisdiction).map { Option(value: $0.region.code.rawValue, label: $0.region.name, selected: $0.region.code.rawValue == selected) }
        }
        if let selected, !options.contains(where: { $0.value == selected }), let code = RegionCode(selected), let region = try await store.region(code) {
            options.insert(Option(value: selected, label: region.displayName, selected: true), at: 0)
        }
        return options
    }
}
