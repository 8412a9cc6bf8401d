import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The desk's problem inventory (inventarisasi permasalahan) per election, stage and region.
struct ProblemRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(ElectionURL.Pattern.problems)) { request, context in try await list(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.problems)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.problem)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.problem)) { request, context in try await update(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.problemStatus)) { request, context in try await move(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiProblems)) { request, context in try await apiList(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiProblems)) { request, context in try await apiCreate(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiProblemStatus)) { request, context in try await apiMove(request: request, context: context) }
    }

    static func filter(_ request: Request) throws -> ProblemFilter {
        let query = request.uri.queryParameters
        var filter = ProblemFilter()
        filter.stageID = try QueryValues.id(query, "tahapan", label: "Tahapan")
        filter.region = try QueryValues.region(query, "wilayah")
        for status in query.getAll("status") where !status.isEmpty {
            guard let value = ProblemStatus(rawValue: String(status)) else { throw BadRequest("Status tidak dikenal.") }
            filter.statuses.append(value)
        }
        filter.agencyID = try QueryValues.id(query, "instansi", label: "Instansi")
        filter.page = try Paging.page(request)
        return filter
    }

    static func input(_ form: FormData) throws(ValidationFailure) -> ProblemInput {
        try ProblemInput.validate(title: form["judul"], description: form["uraian"], category: form["kategori"], stage: form["tahapan"], region: form["kode_wilayah"],
                                  reportedBy: form["instansi_pelapor"], anticipation: form["saran"], responsible: form["penanggung_jawab"], due: form["tenggat"],
                                  reports: form["laporan"])
    }

    // MARK: Pages

    struct ListView {
        var election: String; var electionHref: String; var rows: [Row]; var empty: Bool
        var stages: [Option]; var statuses: [Option]; var agencies: [Option]; var region: String
        var previousHref: String?; var nextHref: String?
        var canRecord: Bool; var form: FormView; var notice: String?
    }
    struct Row { var id: Int; var title: String; var href: String; var stage: String; var region: String; var status: String; var statusClass: String; var responsible: String; var due: String; var overdue: Bool }
    struct FormView {
        var action: String; var values: [String: String]; var errorSummary: [FieldError]; var fieldErrors: [String: String]
        var categories: [Option]; var stages: [Option]; var places: [Option]; var reporters: [Option]; var responsibles: [Option]
        var hasPlaces: Bool
    }

    func formView(_ principal: Principal, election: Election, action: String, values: [String: String], errors: [FieldError]) async throws -> FormView {
        let stages = try await store.elections(Scope(principal)).stages(of: election.id)
        let agencies = try await store.agencies(scope: election.region.code.isWithin(principal.jurisdiction) ? election.region.code : principal.jurisdiction, includeInactive: false)
        let area = election.region.code.isWithin(principal.jurisdiction) ? election.region.code : principal.jurisdiction
        return FormView(
            action: action, values: values, errorSummary: errors, fieldErrors: FieldProblems(errors).byField,
            categories: try await store.reportCategories().map { Option(value: $0.code, label: $0.name, selected: $0.code == values["kategori"]) },
            stages: stages.map { Option(value: String($0.id), label: $0.plan.name, selected: String($0.id) == values["tahapan"]) },
            places: try await Places.options(store: store, jurisdiction: area, selected: values["kode_wilayah"], includeKecamatan: true),
            reporters: Store.mayNameReporter(principal)
                ? agencies.map { Option(value: String($0.agency.id), label: $0.agency.name, selected: String($0.agency.id) == values["instansi_pelapor"]) } : [],
            responsibles: agencies.map { Option(value: String($0.agency.id), label: $0.agency.name, selected: String($0.agency.id) == values["penanggung_jawab"]) },
            hasPlaces: area.level == .kabupatenKota || area.level == .kecamatan)
    }

    func renderList(_ request: Request, _ context: AppRequestContext, form: FormData? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let filter = try Self.filter(request)
        let page = try await store.elections(Scope(principal)).problems(of: election.id, filter: filter)
        let today = store.clock.today()
        let stages = try await store.elections(Scope(principal)).stages(of: election.id)
        let agencies = try await store.agencies(scope: principal.jurisdiction, includeInactive: true)
        let filters: [(String, String?)] = [("tahapan", filter.stageID.map(String.init)), ("wilayah", filter.region?.rawValue),
                                             ("status", filter.statuses.first?.rawValue), ("instansi", filter.agencyID.map(String.init))]
        let path = ElectionURL.problems(election.id).path
        var values = form?.dictionary ?? [:]
        if values["kode_wilayah"] == nil { values["kode_wilayah"] = "" }
        return try renderer.page("elections/problems", title: "Permasalahan · \(election.name)", section: .elections, context: context,
                             status: failure == nil ? .ok : .unprocessableContent, body: ListView(
            election: election.name, electionHref: ElectionURL.election(election.id).path,
            rows: page.items.map { p in
                Row(id: p.id, title: p.title, href: ElectionURL.problem(election.id, p.id).path, stage: p.stageName ?? "–", region: p.region.name,
                    status: p.status.label, statusClass: p.status.rawValue, responsible: p.responsibleName ?? "–",
                    due: p.due?.longIndonesian ?? "–", overdue: p.isOverdue(today: today))
            },
            empty: page.items.isEmpty,
            stages: stages.map { Option(value: String($0.id), label: $0.plan.name, selected: $0.id == filter.stageID) },
            statuses: ProblemStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.statuses.contains($0)) },
            agencies: agencies.map { Option(value: String($0.agency.id), label: $0.agency.name, selected: $0.agency.id == filter.agencyID) },
            region: filter.region?.rawValue ?? "",
            previousHref: page.page > 1 ? Paging.link(path, filters: filters, page: page.page - 1) : nil,
            nextHref: page.hasNext ? Paging.link(path, filters: filters, page: page.page + 1) : nil,
            canRecord: principal.can(.recordProblems),
            form: try await formView(principal, election: election, action: path, values: values, errors: failure?.errors ?? []),
            notice: Notice.text(request)))
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response { try await renderList(request, context) }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.recordProblems)
        let electionID = try ElectionRoutes.electionID(context)
        let form = try await Forms.read(request)
        do {
            let problem = try await store.elections(Scope(principal)).createProblem(in: electionID, try Self.input(form), actor: try context.actor())
            return .redirect(to: ElectionURL.problem(electionID, problem.id).path + "?notice=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderList(request, context, form: form, failure: failure)
        }
    }

    struct ShowView {
        var election: String; var electionHref: String; var problemsHref: String
        var id: Int; var title: String; var description: String; var category: String; var stage: String; var region: String
        var status: String; var statusClass: String; var reportedBy: String; var anticipation: String; var responsible: String; var due: String; var overdue: Bool
        var reports: [LinkedReport]; var events: [Event]; var moves: [Option]; var moveAction: String
        var hasMoves: Bool
        var canRecord: Bool; var form: FormView; var notice: String?; var error: String?
    }
    struct LinkedReport { var id: Int; var title: String; var status: String; var href: String }
    struct Event { var at: String; var actor: String; var text: String; var note: String? }

    func renderShow(_ request: Request, _ context: AppRequestContext, form: FormData? = nil, failure: ValidationFailure? = nil, error: String? = nil) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        guard let id = context.parameters.get("problem", as: Int.self),
              let p = try await store.elections(Scope(principal)).problem(id, of: election.id) else { throw NotFound("permasalahan") }
        let reports = try await store.elections(Scope(principal)).problemReports(id)
        var stored: [String: String] = ["judul": p.title, "uraian": p.description, "kategori": p.category.code, "kode_wilayah": p.region.code.rawValue]
        stored["tahapan"] = p.stageID.map { String($0) } ?? ""
        stored["instansi_pelapor"] = p.reportedBy.map { String($0) } ?? ""
        stored["penanggung_jawab"] = p.responsible.map { String($0) } ?? ""
        stored["saran"] = p.anticipation ?? ""
        stored["tenggat"] = p.due?.description ?? ""
        stored["laporan"] = reports.map { String($0.id) }.joined(separator: ", ")
        let values = form?.dictionary ?? stored
        return try renderer.page("elections/problem", title: p.title, section: .elections, context: context,
                             status: failure == nil && error == nil ? .ok : .unprocessableContent, body: ShowView(
            election: election.name, electionHref: ElectionURL.election(election.id).path, problemsHref: ElectionURL.problems(election.id).path,
            id: p.id, title: p.title, description: p.description, category: p.category.name, stage: p.stageName ?? "–", region: p.region.displayName,
            status: p.status.label, statusClass: p.status.rawValue, reportedBy: p.reportedByName ?? "–", anticipation: p.anticipation ?? "–",
            responsible: p.responsibleName ?? "–", due: p.due?.longIndonesian ?? "–", overdue: p.isOverdue(today: store.clock.today()),
            reports: reports.map { LinkedReport(id: $0.id, title: $0.title, status: $0.status.label, href: SiteURL.report($0.id).path) },
            events: try await store.elections(Scope(principal)).problemEvents(id, of: election.id).map { e in
                Event(at: Display.dateTime(e.at), actor: e.actorName,
                      text: e.fromStatus == nil ? "Dicatat (\(ProblemStatus(rawValue: e.toStatus)?.label ?? e.toStatus))"
                          : "\(ProblemStatus(rawValue: e.fromStatus!)?.label ?? "") → \(ProblemStatus(rawValue: e.toStatus)?.label ?? e.toStatus)",
                      note: e.note)
            },
            moves: p.status.next.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            moveAction: ElectionURL.problemStatus(election.id, p.id).path, hasMoves: !p.status.next.isEmpty,
            canRecord: principal.can(.recordProblems),
            form: try await formView(principal, election: election, action: ElectionURL.problem(election.id, p.id).path, values: values,
                                     errors: failure?.errors ?? []),
            notice: Notice.text(request), error: error))
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response { try await renderShow(request, context) }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.recordProblems)
        let electionID = try ElectionRoutes.electionID(context)
        guard let id = context.parameters.get("problem", as: Int.self) else { throw NotFound("permasalahan") }
        let form = try await Forms.read(request)
        do {
            try await store.elections(Scope(principal)).updateProblem(id, of: electionID, try Self.input(form), actor: try context.actor())
            return .redirect(to: ElectionURL.problem(electionID, id).path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderShow(request, context, form: form, failure: failure)
        }
    }

    func move(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.recordProblems)
        let electionID = try ElectionRoutes.electionID(context)
        guard let id = context.parameters.get("problem", as: Int.self) else { throw NotFound("permasalahan") }
        let form = try await Forms.read(request)
        guard let status = ProblemStatus(rawValue: form["status"] ?? "") else { throw BadRequest("Status tidak dikenal.") }
        let note = (form["catatan"] ?? "").trimmingWhitespace()
        guard note.count <= 2000 else { throw ValidationFailure("catatan", "Catatan paling banyak 2000 karakter.") }
        try await store.elections(Scope(principal)).moveProblem(id, of: electionID, to: status, note: note.isEmpty ? nil : note, actor: try context.actor())
        return .redirect(to: ElectionURL.problem(electionID, id).path + "?notice=saved", type: .normal)
    }

    // MARK: API

    struct ProblemJSON: Codable, Sendable {
        var id: Int; var judul: String; var uraian: String; var kategori: String; var tahapan: Int?; var nama_tahapan: String?
        var kode_wilayah: String; var nama_wilayah: String; var instansi_pelapor: Int?; var saran: String?; var penanggung_jawab: Int?
        var tenggat: String?; var status: String; var terlambat: Bool; var dibuat: String; var diperbarui: String
    }
    struct ProblemList: Codable, Sendable { var data: [ProblemJSON]; var halaman: Int; var per_halaman: Int; var berikutnya: Bool }
    struct CreateBody: Decodable {
        var judul: String?; var uraian: String?; var kategori: String?; var tahapan: Int?; var kode_wilayah: String?; var instansi_pelapor: Int?
        var saran: String?; var penanggung_jawab: Int?; var tenggat: String?; var laporan: [Int]?
    }
    struct MoveBody: Decodable { var status: String; var catatan: String? }

    func json(_ p: ElectionProblem) -> ProblemJSON {
        ProblemJSON(id: p.id, judul: p.title, uraian: p.description, kategori: p.category.code, tahapan: p.stageID, nama_tahapan: p.stageName,
                    kode_wilayah: p.region.code.rawValue, nama_wilayah: p.region.name, instansi_pelapor: p.reportedBy, saran: p.anticipation,
                    penanggung_jawab: p.responsible, tenggat: p.due?.description, status: p.status.rawValue,
                    terlambat: p.isOverdue(today: store.clock.today()), dibuat: Display.iso(p.createdAt), diperbarui: Display.iso(p.updatedAt))
    }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<ProblemList> {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let page = try await store.elections(Scope(principal)).problems(of: election.id, filter: try Self.filter(request))
        return JSONBody(ProblemList(data: page.items.map(json), halaman: page.page, per_halaman: page.pageSize, berikutnya: page.hasNext))
    }

    func apiCreate(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.recordProblems)
        let electionID = try ElectionRoutes.electionID(context)
        let body = try await JSONInput.decode(CreateBody.self, from: request, expected: "objek JSON permasalahan (lihat /api/v1/openapi.json)")
        let input = try ProblemInput.validate(title: body.judul, description: body.uraian, category: body.kategori, stage: body.tahapan.map(String.init),
                                              region: body.kode_wilayah, reportedBy: body.instansi_pelapor.map(String.init), anticipation: body.saran,
                                              responsible: body.penanggung_jawab.map(String.init), due: body.tenggat,
                                              reports: (body.laporan ?? []).map(String.init).joined(separator: ","))
        let problem = try await store.elections(Scope(principal)).createProblem(in: electionID, input, actor: try context.actor())
        var response = try JSONBody(json(problem), status: .created).response(from: request, context: context)
        response.headers[.location] = ElectionURL.api(.problems(electionID)).path
        return response
    }

    func apiMove(request: Request, context: AppRequestContext) async throws -> JSONBody<ProblemJSON> {
        let principal = try context.require(.recordProblems)
        let electionID = try ElectionRoutes.electionID(context)
        guard let id = context.parameters.get("problem", as: Int.self) else { throw NotFound("permasalahan") }
        let body = try await JSONInput.decode(MoveBody.self, from: request, expected: #"objek JSON {"status": ..., "catatan": ...}"#)
        guard let status = ProblemStatus(rawValue: body.status) else { throw ValidationFailure("status", "Status tidak dikenal.") }
        try await store.elections(Scope(principal)).moveProblem(id, of: electionID, to: status, note: body.catatan?.trimmingWhitespace().nilIfEmpty,
                                    actor: try context.actor())
        guard let problem = try await store.elections(Scope(principal)).problem(id, of: electionID) else { throw NotFound("permasalahan") }
        return JSONBody(json(problem))
    }
}
