import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Elections the desk follows: their calendar of stages and their candidate pairs.
struct ElectionRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(ElectionURL.list.path)) { request, context in try await list(request: request, context: context) }
        router.post(RouterPath(ElectionURL.list.path)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.election)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.election)) { request, context in try await update(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.stages)) { request, context in try await saveStage(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.stage)) { request, context in try await saveStage(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.candidates)) { request, context in try await saveCandidate(request: request, context: context) }
        router.get(RouterPath(ElectionURL.api(.elections).path)) { request, context in try await apiList(request: request, context: context) }
        router.post(RouterPath(ElectionURL.api(.elections).path)) { request, context in try await apiCreate(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiElection)) { request, context in try await apiShow(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiStages)) { request, context in try await apiSaveStage(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiCandidates)) { request, context in try await apiSaveCandidate(request: request, context: context) }
    }


    static func electionID(_ context: AppRequestContext) throws -> Int {
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor pemilihan tidak valid.") }
        return id
    }

    /// The election of the path, visible to the caller, or 404.
    static func election(_ store: Store, _ context: AppRequestContext, _ principal: Principal) async throws -> Election {
        guard let election = try await store.elections(Scope(principal)).election(try electionID(context)) else { throw NotFound("pemilihan") }
        return election
    }

    // MARK: Pages

    struct ListView {
        var rows: [Row]; var empty: Bool; var canManage: Bool; var action: String
        var types: [Option]; var templates: [Option]; var values: [String: String]
        var errorSummary: [FieldError]; var fieldErrors: [String: String]
    }
    struct Row { var name: String; var href: String; var type: String; var region: String; var votingDay: String; var countdown: String }

    func renderList(_ context: AppRequestContext, form: FormData? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.viewElections)
        let today = store.clock.today()
        let elections = try await store.elections(Scope(principal)).list()
        let selectedType = form?["jenis"] ?? ElectionType.regent.rawValue
        let selectedTemplate = form?["templat"] ?? ElectionTemplate.pilkada2024.code
        return try renderer.page("elections/elections", title: "Pemilihan", section: .elections, context: context, status: failure == nil ? .ok : .unprocessableContent, body: ListView(
            rows: elections.map { e in
                Row(name: e.name, href: ElectionURL.election(e.id).path, type: e.type.label, region: e.region.displayName, votingDay: e.votingDay.longIndonesian,
                    countdown: Self.countdown(e.daysToVoting(from: today)))
            },
            empty: elections.isEmpty, canManage: principal.can(.manageElections), action: ElectionURL.list.path,
            types: ElectionType.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selectedType) },
            templates: [Option(value: "", label: "Tanpa templat (isi tahapan sendiri)", selected: selectedTemplate.isEmpty)] +
                ElectionTemplate.all.map { Option(value: $0.code, label: $0.name, selected: $0.code == selectedTemplate) },
            values: [
                "nama": form?["nama"] ?? "", "kode_wilayah": form?["kode_wilayah"] ?? principal.jurisdiction.rawValue,
                "hari_pemungutan": form?["hari_pemungutan"] ?? "",
            ],
            errorSummary: failure?.errors ?? [], fieldErrors: FieldProblems(failure?.errors ?? []).byField))
    }

    static func countdown(_ days: Int) -> String {
        days > 0 ? "H-\(days)" : days == 0 ? "Hari ini pemungutan suara" : "Selesai \(-days) hari lalu"
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        try await renderList(context)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let form = try await Forms.read(request)
        do {
            let input = try ElectionInput.validate(type: form["jenis"], name: form["nama"], region: form["kode_wilayah"], votingDay: form["hari_pemungutan"])
            let template = (form["templat"] ?? "").isEmpty ? nil : ElectionTemplate.named(form["templat"]!)
            if template == nil && !(form["templat"] ?? "").isEmpty { throw ValidationFailure("templat", "Templat tidak dikenal.") }
            let election = try await store.elections(Scope(principal)).create(input, template: template, actor: try context.actor())
            return .redirect(to: ElectionURL.election(election.id).path + "?notice=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderList(context, form: form, failure: failure)
        }
    }

    struct ShowView {
        var id: Int; var name: String; var type: String; var region: String; var votingDay: String; var countdown: String; var countdownLabel: String
        var current: [String]; var hasCurrent: Bool
        var stages: [StageRow]; var candidates: [CandidateRow]; var hasCandidates: Bool; var candidateCount: Int
        var canManage: Bool; var notice: String?; var errors: [String]
        var updateAction: String; var stageAction: String; var candidateAction: String
        var types: [Option]; var regionCode: String; var votingDayValue: String
        var links: [Link]; var adminLinks: [Link]
    }
    struct StageRow { var name: String; var start: String; var end: String; var startValue: String; var endValue: String; var state: String; var stateClass: String; var action: String; var dates: String }
    struct CandidateRow { var number: Int; var names: String; var parties: String; var head: String; var deputy: String; var partyList: String }
    struct Link { var label: String; var href: String; var hint: String }

    func renderShow(_ context: AppRequestContext, election: Election, notice: String? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.viewElections)
        let today = store.clock.today()
        let stages = try await store.elections(Scope(principal)).stages(of: election.id)
        let candidates = try await store.elections(Scope(principal)).candidates(of: election.id)
        let canManage = principal.can(.manageElections) && election.region.code.isWithin(principal.jurisdiction)
        let current = stages.filter { $0.plan.state(on: today) == .running }.map(\.plan.name)
        let days = election.daysToVoting(from: today)
        return try renderer.page("elections/election", title: election.name, section: .elections, context: context, status: failure == nil ? .ok : .unprocessableContent, body: ShowView(
            id: election.id, name: election.name, type: election.type.label, region: election.region.displayName, votingDay: election.votingDay.longIndonesian,
            countdown: days > 0 ? "H-\(days)" : days == 0 ? "Hari H" : "\(-days) hari",
            countdownLabel: days > 0 ? "menuju pemungutan suara" : days == 0 ? "pemungutan suara hari ini" : "sejak pemungutan suara",
            current: current, hasCurrent: !current.isEmpty,
            stages: stages.map { stage in
                let state = stage.plan.state(on: today)
                return StageRow(name: stage.plan.name, start: stage.plan.start.longIndonesian, end: stage.plan.end.longIndonesian,
                                startValue: stage.plan.start.description, endValue: stage.plan.end.description, state: state.label, stateClass: state.rawValue,
                                action: ElectionURL.stage(election.id, stage.id).path,
                                dates: stage.plan.start == stage.plan.end ? stage.plan.start.longIndonesian : "\(stage.plan.start.longIndonesian) – \(stage.plan.end.longIndonesian)")
            },
            candidates: candidates.map { CandidateRow(number: $0.number, names: $0.names, parties: $0.parties.isEmpty ? "Perseorangan" : $0.parties.joined(separator: ", "),
                                                      head: $0.head, deputy: $0.deputy ?? "", partyList: $0.parties.joined(separator: ", ")) },
            hasCandidates: !candidates.isEmpty, candidateCount: candidates.count, canManage: canManage, notice: notice, errors: failure?.errors.map(\.message) ?? [],
            updateAction: ElectionURL.election(election.id).path, stageAction: ElectionURL.stages(election.id).path, candidateAction: ElectionURL.candidates(election.id).path,
            types: ElectionType.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == election.type) },
            regionCode: election.region.code.rawValue, votingDayValue: election.votingDay.description,
            links: [
                Link(label: "Permasalahan", href: ElectionURL.problems(election.id).path, hint: "Inventarisasi masalah per tahapan dan wilayah"),
                Link(label: "Laporan desk", href: ElectionURL.desk(election.id).path, hint: "Laporan harian dan bulanan, catatan instansi"),
                Link(label: "TPS dan kerawanan", href: ElectionURL.stations(election.id).path, hint: "Daftar TPS, survei TPS rawan Bawaslu"),
                Link(label: "Partisipasi pemilih", href: ElectionURL.participation(election.id).path, hint: "DPT, pengguna hak pilih, suara paslon"),
                Link(label: "Bandingkan pemilihan", href: ElectionURL.comparison(election.id).path, hint: "Partisipasi dibanding pemilihan lain"),
            ],
            adminLinks: (context.administersInstallation ? [Link(label: "Kop surat laporan", href: ElectionURL.letterhead.path, hint: "")] : []) +
                (context.administersInstallation ? [Link(label: "Indikator TPS rawan", href: ElectionURL.indicators.path, hint: "")] : [])))
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        return try await renderShow(context, election: try await Self.election(store, context, principal), notice: Notice.text(request))
    }

    /// A form on the election page: on success back to the page (at `anchor`), on a validation
    /// failure the page again with the messages.
    func submit(_ request: Request, _ context: AppRequestContext, anchor: String = "",
                _ save: (FormData, Election, Principal) async throws -> Void) async throws -> Response {
        let principal = try context.require(.manageElections)
        let election = try await Self.election(store, context, principal)
        let form = try await Forms.read(request)
        do {
            try await save(form, election, principal)
            return .redirect(to: ElectionURL.election(election.id).path + "?notice=saved" + anchor, type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderShow(context, election: election, failure: failure)
        }
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(request, context) { form, election, principal in
            let input = try ElectionInput.validate(type: form["jenis"], name: form["nama"], region: form["kode_wilayah"], votingDay: form["hari_pemungutan"])
            try await store.elections(Scope(principal)).update(election.id, input, actor: try context.actor())
        }
    }

    func saveStage(request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(request, context, anchor: "#tahapan") { form, election, principal in
            let plan = try StageInput.validate(name: form["nama"], start: form["mulai"], end: form["selesai"])
            try await store.elections(Scope(principal)).saveStage(of: election.id, stageID: context.parameters.get("stage", as: Int.self), plan,
                                      actor: try context.actor())
        }
    }

    func saveCandidate(request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(request, context, anchor: "#paslon") { form, election, principal in
            let input = try CandidateInput.validate(number: form["nomor"], head: form["calon"], deputy: form["wakil"], parties: form["partai"])
            try await store.elections(Scope(principal)).saveCandidate(of: election.id, input, actor: try context.actor())
        }
    }

    // MARK: API

    struct StageJSON: Codable, Sendable { var id: Int; var nama: String; var mulai: String; var selesai: String; var status: String }
    struct CandidateJSON: Codable, Sendable { var nomor: Int; var calon: String; var wakil: String?; var partai: [String]; var perseorangan: Bool }
    struct ElectionJSON: Codable, Sendable {
        var id: Int; var jenis: String; var nama: String; var kode_wilayah: String; var nama_wilayah: String; var hari_pemungutan: String
        var hari_menuju_pemungutan: Int; var tahapan: [StageJSON]?; var tahapan_berjalan: [String]?; var paslon: [CandidateJSON]?
    }
    struct ElectionList: Codable, Sendable { var data: [ElectionJSON] }
    struct CreateBody: Decodable { var jenis: String?; var nama: String?; var kode_wilayah: String?; var hari_pemungutan: String?; var templat: String? }

    func json(_ e: Election, detail: Bool, scope: Scope) async throws -> ElectionJSON {
        let today = store.clock.today()
        var result = ElectionJSON(id: e.id, jenis: e.type.rawValue, nama: e.name, kode_wilayah: e.region.code.rawValue, nama_wilayah: e.region.name,
                                  hari_pemungutan: e.votingDay.description, hari_menuju_pemungutan: e.daysToVoting(from: today))
        if detail {
            let stages = try await store.elections(scope).stages(of: e.id)
            result.tahapan = stages.map { StageJSON(id: $0.id, nama: $0.plan.name, mulai: $0.plan.start.description, selesai: $0.plan.end.description,
                                                    status: $0.plan.state(on: today).rawValue) }
            result.tahapan_berjalan = stages.filter { $0.plan.state(on: today) == .running }.map(\.plan.name)
            result.paslon = try await store.elections(scope).candidates(of: e.id).map {
                CandidateJSON(nomor: $0.number, calon: $0.head, wakil: $0.deputy, partai: $0.parties, perseorangan: $0.parties.isEmpty)
            }
        }
        return result
    }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<ElectionList> {
        let principal = try context.require(.viewElections)
        var data: [ElectionJSON] = []
        for election in try await store.elections(Scope(principal)).list() { data.append(try await json(election, detail: false, scope: Scope(principal))) }
        return JSONBody(ElectionList(data: data))
    }

    func apiShow(request: Request, context: AppRequestContext) async throws -> JSONBody<ElectionJSON> {
        let principal = try context.require(.viewElections)
        return JSONBody(try await json(try await Self.election(store, context, principal), detail: true, scope: Scope(principal)))
    }

    func apiCreate(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let body = try await JSONInput.decode(CreateBody.self, from: request, expected: "objek JSON: jenis, nama, kode_wilayah, hari_pemungutan, templat (opsional)")
        let input = try ElectionInput.validate(type: body.jenis, name: body.nama, region: body.kode_wilayah, votingDay: body.hari_pemungutan)
        var template: ElectionTemplate?
        if let code = body.templat, !code.isEmpty {
            guard let found = ElectionTemplate.named(code) else { throw ValidationFailure("templat", "Templat \(code.prefix(40)) tidak dikenal.") }
            template = found
        }
        let election = try await store.elections(Scope(principal)).create(input, template: template, actor: try context.actor())
        var response = try JSONBody(try await json(election, detail: true, scope: Scope(principal)), status: .created).response(from: request, context: context)
        response.headers[.location] = ElectionURL.api(.election(election.id)).path
        return response
    }

    struct StageBody: Decodable { var id: Int?; var nama: String?; var mulai: String?; var selesai: String? }
    struct CandidateBody: Decodable { var nomor: Int?; var calon: String?; var wakil: String?; var partai: [String]? }

    /// Adds a stage, or changes the stage named by `id`; answers with the whole election.
    func apiSaveStage(request: Request, context: AppRequestContext) async throws -> JSONBody<ElectionJSON> {
        let principal = try context.require(.manageElections)
        let election = try await Self.election(store, context, principal)
        let body = try await JSONInput.decode(StageBody.self, from: request, expected: "objek JSON {id (untuk mengubah), nama, mulai, selesai}")
        let plan = try StageInput.validate(name: body.nama, start: body.mulai, end: body.selesai)
        // The stage named in the body is a field of the request, not the resource of the URL: one
        // that this election does not have is a 422 on that field (a 404 would say the election is gone).
        if let stageID = body.id, !(try await store.elections(Scope(principal)).stages(of: election.id)).contains(where: { $0.id == stageID }) {
            throw ValidationFailure("id", "Tahapan #\(stageID) tidak ada pada pemilihan ini; kosongkan id untuk menambah tahapan.")
        }
        try await store.elections(Scope(principal)).saveStage(of: election.id, stageID: body.id, plan, actor: try context.actor())
        return JSONBody(try await json(election, detail: true, scope: Scope(principal)))
    }

    /// Adds a candidate pair or replaces the pair with the same number; answers with the election.
    func apiSaveCandidate(request: Request, context: AppRequestContext) async throws -> JSONBody<ElectionJSON> {
        let principal = try context.require(.manageElections)
        let election = try await Self.election(store, context, principal)
        let body = try await JSONInput.decode(CandidateBody.self, from: request, expected: "objek JSON {nomor, calon, wakil, partai: [..]}")
        guard (body.partai ?? []).count <= 30 else { throw ValidationFailure("partai", "Paling banyak 30 partai pengusung.") }
        let input = try CandidateInput.validate(number: body.nomor.map { String($0) }, head: body.calon, deputy: body.wakil,
                                                parties: (body.partai ?? []).joined(separator: "\n"))
        try await store.elections(Scope(principal)).saveCandidate(of: election.id, input, actor: try context.actor())
        return JSONBody(try await json(election, detail: true, scope: Scope(principal)))
    }
}
