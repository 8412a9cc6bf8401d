import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The agencies (instansi) of the monitoring team: everyone reads the list, administrators keep it.
struct AgencyRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.agencies.path)) { request, context in try await list(request: request, context: context) }
        router.get(RouterPath(SiteURL.agencyNew.path)) { request, context in try await newForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.agencies.path)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.agency)) { request, context in try await editForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.agency)) { request, context in try await update(request: request, context: context) }
        router.get(RouterPath(SiteURL.api(.agencies).path)) { request, context in try await apiList(request: request, context: context) }
    }

    struct ListView {
        var rows: [Row]
        var canManage: Bool
        var newHref: String
        var query: String
        var types: [Option]
        var total: Int
        var notice: String?
    }

    struct Row { var name: String; var type: String; var region: String; var users: Int; var active: Bool; var href: String }

    func filters(_ request: Request, kinds: [AgencyKind]) throws -> (AgencyType?, String) {
        let query = request.uri.queryParameters
        var type: AgencyType?
        if let text = QueryValues.text(query, "jenis") {
            guard let kind = kinds.first(where: { $0.code == text }) else { throw BadRequest("Jenis instansi \"\(text.prefix(30))\" tidak dikenal.") }
            type = kind.type
        }
        let search = (query.get("q") ?? "").trimmingWhitespace()
        guard search.length <= 100 else { throw BadRequest("Kata kunci paling panjang 100 karakter.") }
        return (type, search)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewAgencies)
        let kinds = try await store.agencyKinds(includeInactive: true)
        let (type, query) = try filters(request, kinds: kinds)
        let items = try await store.agencies(scope: principal.jurisdiction, type: type, query: query)
        let names = Dictionary(uniqueKeysWithValues: kinds.map { ($0.code, $0.name) })
        let view = ListView(
            rows: items.map { Row(name: $0.agency.name, type: names[$0.agency.type.rawValue] ?? $0.agency.type.rawValue, region: $0.regionName, users: $0.userCount, active: $0.agency.active,
                                  href: SiteURL.agency($0.agency.id).path) },
            canManage: principal.can(.manageAgencies), newHref: SiteURL.agencyNew.path, query: query,
            types: kinds.map { Option(value: $0.code, label: $0.name, selected: $0.type == type) },
            total: items.count, notice: Notice.text(request))
        return try renderer.page("agencies/agencies", title: "Instansi", section: .agencies, context: context, body: view)
    }

    struct FormView {
        var heading: String
        var action: String
        var name: FormField
        var region: FormField
        var phone: FormField
        var email: FormField
        var types: [Option]
        var typeError: String?
        var active: Bool
        var errorSummary: [FieldError]
        var fieldErrors: [String: String]
        var readOnly: Bool
        var isNew: Bool
        var auditHref: String?
    }

    func form(heading: String, action: String, values: [String: String], failure: ValidationFailure?, readOnly: Bool, isNew: Bool, auditHref: String?) async throws -> FormView {
        func field(_ name: String) -> FormField { FormField(value: values[name] ?? "", error: failure?.message(for: name)) }
        let kinds = try await store.agencyKinds(includeInactive: false)
        return FormView(
            heading: heading, action: action, name: field("name"), region: field("region"), phone: field("phone"), email: field("email"),
            types: kinds.map { Option(value: $0.code, label: $0.name, selected: $0.code == values["type"]) },
            typeError: failure?.message(for: "type"), active: values["active"] != nil, errorSummary: failure?.errors ?? [], fieldErrors: FieldProblems(failure?.errors ?? []).byField,
            readOnly: readOnly, isNew: isNew, auditHref: auditHref)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageAgencies)
        let values = ["region": principal.jurisdiction.rawValue, "active": "on", "type": AgencyType.opd.rawValue]
        return try renderer.page("agencies/agency-form", title: "Tambah instansi", section: .agencies, context: context,
                             body: try await form(heading: "Tambah instansi", action: SiteURL.agencies.path, values: values, failure: nil, readOnly: false, isNew: true, auditHref: nil))
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageAgencies)
        let values = try await Forms.read(request)
        do {
            let kinds = Set(try await store.agencyKinds().map(\.code))
            let input = try AgencyInput.validate(name: values["name"], type: values["type"], region: values["region"], phone: values["phone"],
                                                 email: values["email"], active: values["active"] != nil, kinds: kinds)
            _ = try await store.createAgency(input, scope: principal.jurisdiction, actor: try context.actor())
            return .redirect(to: SiteURL.agencies.path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderer.page("agencies/agency-form", title: "Tambah instansi", section: .agencies, context: context, status: .unprocessableContent,
                                 body: try await form(heading: "Tambah instansi", action: SiteURL.agencies.path, values: values.dictionary, failure: failure, readOnly: false, isNew: true, auditHref: nil))
        }
    }

    func agencyID(_ context: AppRequestContext) throws -> Int {
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor instansi tidak valid.") }
        return id
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewAgencies)
        let id = try agencyID(context)
        guard let agency = try await store.agency(id, scope: principal.jurisdiction) else { throw NotFound("instansi") }
        var values = ["name": agency.name, "type": agency.type.rawValue, "region": agency.regionKode.rawValue,
                      "phone": agency.phone ?? "", "email": agency.email ?? ""]
        if agency.active { values["active"] = "on" }
        let canManage = principal.can(.manageAgencies)
        return try renderer.page("agencies/agency-form", title: agency.name, section: .agencies, context: context,
                             body: try await form(heading: agency.name, action: SiteURL.agency(id).path, values: values, failure: nil, readOnly: !canManage, isNew: false,
                                        auditHref: principal.can(.viewAudit) ? SiteURL.audit.path + "?entity=agency&entity_id=\(id)" : nil))
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageAgencies)
        let id = try agencyID(context)
        guard try await store.agency(id, scope: principal.jurisdiction) != nil else { throw NotFound("instansi") }
        let values = try await Forms.read(request)
        do {
            let kinds = Set(try await store.agencyKinds().map(\.code))
            let input = try AgencyInput.validate(name: values["name"], type: values["type"], region: values["region"], phone: values["phone"],
                                                 email: values["email"], active: values["active"] != nil, kinds: kinds)
            _ = try await store.updateAgency(id, input, scope: principal.jurisdiction, actor: try context.actor())
            return .redirect(to: SiteURL.agencies.path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderer.page("agencies/agency-form", title: "Ubah instansi", section: .agencies, context: context, status: .unprocessableContent,
                                 body: try await form(heading: values["name"] ?? "Instansi", action: SiteURL.agency(id).path, values: values.dictionary, failure: failure, readOnly: false, isNew: false, auditHref: nil))
        }
    }

    struct AgencyJSON: Codable, Sendable {
        var id: Int
        var nama: String
        var jenis: String
        var kode_wilayah: String
        var nama_wilayah: String
        var aktif: Bool
    }

    struct AgencyList: Codable, Sendable { var data: [AgencyJSON] }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<AgencyList> {
        let principal = try context.require(.viewAgencies)
        let (type, query) = try filters(request, kinds: try await store.agencyKinds(includeInactive: true))
        let items = try await store.agencies(scope: principal.jurisdiction, type: type, query: query)
        return JSONBody(AgencyList(data: items.map {
            AgencyJSON(id: $0.agency.id, nama: $0.agency.name, jenis: $0.agency.type.rawValue, kode_wilayah: $0.agency.regionKode.rawValue,
                       nama_wilayah: $0.regionName, aktif: $0.agency.active)
        }))
    }
}

/// Confirmation messages after a redirect, chosen from a fixed list so the URL cannot inject text.
enum Notice {
    static func text(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("notice") {
        case "saved": "Perubahan tersimpan."
        case "created": "Data baru tersimpan."
        case "password": "Kata sandi telah diganti."
        case "revoked": "Token telah dicabut."
        case "disabled": "Pengguna dinonaktifkan; sesinya berakhir."
        case "enabled": "Pengguna diaktifkan kembali."
        case "finalised": "Laporan difinalkan; tanda DRAF tidak lagi tercetak. Perbaikan dibuat sebagai versi baru."
        case "version": "Model sudah memiliki skor, jadi perubahan disimpan sebagai versi baru; skor versi lama tetap tersimpan dan semua periode dihitung ulang."
        case "values": "Nilai tersimpan dan skor dihitung ulang."
        default: nil
        }
    }
}
