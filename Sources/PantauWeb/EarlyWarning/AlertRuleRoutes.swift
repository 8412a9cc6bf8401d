import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The detection rules: those that cover the caller's jurisdiction, and a form for its own.
struct AlertRuleRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(AlertURL.rules.path)) { request, context in try await list(request: request, context: context) }
        router.post(RouterPath(AlertURL.rules.path)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(AlertURL.Pattern.rule)) { request, context in try await edit(request: request, context: context) }
        router.post(RouterPath(AlertURL.Pattern.rule)) { request, context in try await update(request: request, context: context) }
        router.get(RouterPath(AlertURL.api(.rules).path)) { request, context in try await apiList(request: request, context: context) }
    }

    /// Reads the rule form, naming every problem at its field.
    static func rule(_ form: FormData) throws(ValidationFailure) -> (DetectionRule, agency: Int?) {
        var errors: [FieldError] = []
        func integer(_ name: String, _ label: String, default value: Int) -> Int {
            guard let text = form[name]?.trimmingWhitespace(), !text.isEmpty else { return value }
            guard let number = Int(text) else { errors.append(FieldError(name, "\(label) harus bilangan bulat.")); return value }
            return number
        }
        func decimal(_ name: String, _ label: String, default value: Double) -> Double {
            guard let text = form[name]?.trimmingWhitespace().replacingOccurrences(of: ",", with: "."), !text.isEmpty else { return value }
            guard let number = Double(text), number.isFinite else { errors.append(FieldError(name, "\(label) harus angka.")); return value }
            return number
        }
        let kind = DetectorKind(rawValue: form["jenis"] ?? "")
        if kind == nil { errors.append(FieldError("jenis", "Pilih jenis aturan.")) }
        let level = Int(form["tingkat_wilayah"] ?? "").flatMap(RegionLevel.init(rawValue:))
        if level == nil || level == .nasional { errors.append(FieldError("tingkat_wilayah", "Pilih tingkat wilayah yang diuji.")) }
        let severityText = form["tingkat_minimum"] ?? ""
        let severity = Severity(rawValue: severityText)
        if !severityText.isEmpty, severity == nil { errors.append(FieldError("tingkat_minimum", "Tingkat keparahan tidak dikenal.")) }
        let category = form["kode_kategori"]?.trimmingWhitespace()
        var agency: Int?
        if let text = form["instansi"], !text.isEmpty {
            agency = Int(text)
            if agency == nil { errors.append(FieldError("instansi", "Instansi tidak dikenal.")) }
        }
        let rule = DetectionRule(name: (form["nama"] ?? "").trimmingWhitespace(), kind: kind ?? .threshold, categoryCode: category?.isEmpty == false ? category : nil,
                                 minimumSeverity: severity, level: level ?? .kecamatan,
                                 windowDays: integer("jendela_hari", "Jendela waktu", default: 1), minimumCount: integer("jumlah_minimum", "Jumlah minimum", default: 1),
                                 k: decimal("ambang_k", "Ambang k", default: 3), minSigma: decimal("sigma_minimum", "Simpangan baku minimum", default: 1),
                                 baselineDays: integer("hari_dasar", "Hari pembanding", default: 7))
        if kind != nil, level != nil { errors += rule.validate().filter { error in !errors.contains { $0.field == error.field } } }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return (rule, agency)
    }

    static func values(_ stored: AlertRule) -> [String: String] {
        let rule = stored.rule
        return ["nama": rule.name, "jenis": rule.kind.rawValue, "kode_kategori": rule.categoryCode ?? "", "tingkat_minimum": rule.minimumSeverity?.rawValue ?? "",
                "tingkat_wilayah": String(rule.level.rawValue), "jendela_hari": String(rule.windowDays), "jumlah_minimum": String(rule.minimumCount),
                "ambang_k": String(rule.k), "sigma_minimum": String(rule.minSigma), "hari_dasar": String(rule.baselineDays),
                "instansi": stored.agencyID.map(String.init) ?? "", "aktif": stored.active ? "on" : "", "versi": String(stored.version)]
    }

    static func summary(_ rule: DetectionRule) -> String {
        switch rule.kind {
        case .threshold: "≥ \(rule.minimumCount) laporan dalam \(rule.windowDays) hari"
        case .c1, .c2, .c3: "k = \(rule.k), simpangan baku minimum \(rule.minSigma), pembanding \(rule.baselineDays) hari, paling sedikit \(rule.minimumCount) laporan"
        }
    }

    // MARK: Pages

    struct ListView {
        var rows: [Row]; var canManage: Bool; var form: FormView; var alertsHref: String; var notice: String?
    }
    struct Row { var name: String; var owner: String; var kind: String; var level: String; var category: String; var summary: String; var version: Int; var active: Bool; var editHref: String? }
    struct FormView {
        var action: String; var values: [String: String]; var errorSummary: [FieldError]; var fieldErrors: [String: String]
        var kinds: [Option]; var levels: [Option]; var severities: [Option]; var categories: [Option]; var agencies: [Option]; var editing: Bool; var active: Bool
    }

    func formView(_ principal: Principal, action: String, values: [String: String], errors: [FieldError], editing: Bool) async throws -> FormView {
        let categories = try await store.reportCategories()
        let agencies = try await store.agencies(scope: principal.jurisdiction, includeInactive: false).map(\.agency)
        let levels = RegionLevel.allCases.filter { $0.rawValue >= max(1, principal.jurisdiction.level.rawValue) }
        return FormView(
            action: action, values: values, errorSummary: errors, fieldErrors: FieldProblems(errors).byField,
            kinds: DetectorKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: values["jenis"] == $0.rawValue) },
            levels: levels.map { Option(value: String($0.rawValue), label: $0.label, selected: values["tingkat_wilayah"] == String($0.rawValue)) },
            severities: [Option(value: "", label: "Semua tingkat", selected: (values["tingkat_minimum"] ?? "").isEmpty)]
                + Severity.allCases.map { Option(value: $0.rawValue, label: "\($0.label) ke atas", selected: values["tingkat_minimum"] == $0.rawValue) },
            categories: [Option(value: "", label: "Semua kategori", selected: (values["kode_kategori"] ?? "").isEmpty)]
                + categories.map { Option(value: $0.code, label: $0.name, selected: values["kode_kategori"] == $0.code) },
            agencies: [Option(value: "", label: "– tidak ada –", selected: (values["instansi"] ?? "").isEmpty)]
                + agencies.map { Option(value: String($0.id), label: $0.name, selected: values["instansi"] == String($0.id)) },
            editing: editing, active: !(values["aktif"] ?? "").isEmpty)
    }

    func renderList(_ request: Request, _ context: AppRequestContext, form: FormData? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.viewAlerts)
        let rules = try await store.alerts(Scope(principal)).rules()
        let names = try await store.regionNames(rules.map(\.region.rawValue))
        let categories = try await store.reportCategories()
        let canManage = principal.can(.manageAlertRules)
        let values = form?.dictionary ?? ["jenis": DetectorKind.threshold.rawValue, "tingkat_wilayah": String(max(RegionLevel.kecamatan.rawValue, principal.jurisdiction.level.rawValue)),
                                          "jendela_hari": "1", "jumlah_minimum": "3", "ambang_k": "3", "sigma_minimum": "1", "hari_dasar": "7"]
        return try renderer.page("early-warning/rules", title: "Aturan peringatan dini", section: .alerts, context: context,
                                 status: failure == nil ? .ok : .unprocessableContent, body: ListView(
            rows: rules.map { r in
                Row(name: r.rule.name, owner: r.region.isNational ? "Nasional" : names[r.region.rawValue] ?? r.region.rawValue, kind: r.rule.kind.label,
                    level: r.rule.level.label, category: r.rule.categoryCode.map { code in categories.first { $0.code == code }?.name ?? code } ?? "Semua",
                    summary: Self.summary(r.rule) + (r.rule.minimumSeverity.map { ", tingkat \($0.label) ke atas" } ?? ""), version: r.version, active: r.active,
                    editHref: canManage && r.region == principal.jurisdiction ? AlertURL.rule(r.id).path : nil)
            },
            canManage: canManage,
            form: try await formView(principal, action: AlertURL.rules.path, values: values, errors: failure?.errors ?? [], editing: false),
            alertsHref: AlertURL.list.path, notice: Notice.text(request)))
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response { try await renderList(request, context) }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageAlertRules)
        let form = try await Forms.read(request)
        do {
            let (rule, agency) = try Self.rule(form)
            _ = try await store.alerts(Scope(principal)).createRule(rule, agencyID: agency, actor: try context.actor())
            return .redirect(to: AlertURL.rules.path + "?notice=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderList(request, context, form: form, failure: failure)
        }
    }

    struct EditView { var name: String; var rulesHref: String; var form: FormView }

    func renderEdit(_ request: Request, _ context: AppRequestContext, form: FormData? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.manageAlertRules)
        guard let id = context.parameters.get("id", as: Int.self), let stored = try await store.alerts(Scope(principal)).rule(id) else { throw NotFound("aturan") }
        guard stored.region == principal.jurisdiction else { throw Forbidden("Aturan ini milik wilayah lain; hanya wilayah itu yang dapat mengubahnya.") }
        return try renderer.page("early-warning/rule", title: stored.rule.name, section: .alerts, context: context,
                                 status: failure == nil ? .ok : .unprocessableContent, body: EditView(
            name: stored.rule.name, rulesHref: AlertURL.rules.path,
            form: try await formView(principal, action: AlertURL.rule(id).path, values: form?.dictionary ?? Self.values(stored), errors: failure?.errors ?? [], editing: true)))
    }

    func edit(request: Request, context: AppRequestContext) async throws -> Response { try await renderEdit(request, context) }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageAlertRules)
        guard let id = context.parameters.get("id", as: Int.self) else { throw NotFound("aturan") }
        let form = try await Forms.read(request)
        do {
            let (rule, agency) = try Self.rule(form)
            guard let version = Int(form["versi"] ?? "") else { throw ValidationFailure("versi", "Muat ulang halaman aturan, lalu coba lagi.") }
            _ = try await store.alerts(Scope(principal)).updateRule(id, rule: rule, agencyID: agency, active: form["aktif"] != nil, version: version, actor: try context.actor())
            return .redirect(to: AlertURL.rules.path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderEdit(request, context, form: form, failure: failure)
        }
    }

    // MARK: API

    struct RuleJSON: Codable, Sendable {
        var id: Int; var kode_wilayah: String; var nama: String; var jenis: String; var kategori: String?; var tingkat_minimum: String?
        var tingkat_wilayah: Int; var jendela_hari: Int; var jumlah_minimum: Int; var ambang_k: Double; var sigma_minimum: Double; var hari_dasar: Int
        var instansi: Int?; var aktif: Bool; var versi: Int
    }
    struct RuleList: Codable, Sendable { var data: [RuleJSON] }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<RuleList> {
        let principal = try context.require(.viewAlerts)
        let rules = try await store.alerts(Scope(principal)).rules()
        return JSONBody(RuleList(data: rules.map { r in
            RuleJSON(id: r.id, kode_wilayah: r.region.rawValue, nama: r.rule.name, jenis: r.rule.kind.rawValue, kategori: r.rule.categoryCode,
                     tingkat_minimum: r.rule.minimumSeverity?.rawValue, tingkat_wilayah: r.rule.level.rawValue, jendela_hari: r.rule.windowDays,
                     jumlah_minimum: r.rule.minimumCount, ambang_k: r.rule.k, sigma_minimum: r.rule.minSigma, hari_dasar: r.rule.baselineDays,
                     instansi: r.agencyID, aktif: r.active, versi: r.version)
        }))
    }
}
