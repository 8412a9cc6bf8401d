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
