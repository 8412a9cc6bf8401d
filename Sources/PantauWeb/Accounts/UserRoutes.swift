import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// User administration: administrators create, change, disable and reset users inside their
/// own jurisdiction only.
struct UserRoutes {
    let store: Store
    let renderer: Renderer
    let passwords: PasswordHasher

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.users.path)) { request, context in try await list(request: request, context: context) }
        router.get(RouterPath(SiteURL.userNew.path)) { request, context in try await newForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.users.path)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.user)) { request, context in try await editForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.user)) { request, context in try await update(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.userDisable)) { request, context in try await setDisabled(true, request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.userEnable)) { request, context in try await setDisabled(false, request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.userPassword)) { request, context in try await resetPassword(request: request, context: context) }
    }

    struct ListView {
        var rows: [Row]
        var query: String
        var roles: [Option]
        var newHref: String
        var notice: String?
        var nextHref: String?
        var previousHref: String?
    }

    struct Row { var username: String; var name: String; var role: String; var agency: String; var region: String; var active: Bool; var href: String }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewUsers)
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(100))
        let roleText = request.uri.queryParameters.get("peran") ?? ""
        let role = Role(rawValue: roleText)
        if !roleText.isEmpty && role == nil { throw BadRequest("Peran \"\(roleText.prefix(30))\" tidak dikenal.") }
        let page = try Paging.page(request)
        let result = try await store.users(scope: principal.jurisdiction, query: query, role: role, page: page)
        let link = { Paging.link(SiteURL.users.path, filters: [("q", query), ("peran", role?.rawValue)], page: $0) }
        let view = ListView(
            rows: result.items.map { Row(username: $0.user.username, name: $0.user.displayName, role: $0.user.role.label, agency: $0.agencyName,
                                         region: $0.regionName, active: $0.user.isActive, href: SiteURL.user($0.user.id).path) },
            query: query, roles: Role.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == role) },
            newHref: SiteURL.userNew.path, notice: Notice.text(request),
            nextHref: result.hasNext ? link(page + 1) : nil, previousHref: page > 1 ? link(page - 1) : nil)
        return try renderer.page("accounts/users", title: "Pengguna", section: .users, context: context, body: view)
    }

    struct FormView {
        var heading: String
        var action: String
        var isNew: Bool
        var username: FormField
        var displayName: FormField
        var jurisdiction: FormField
        var password: FormField
        var roles: [Option]
        var roleError: String?
        var agencies: [Option]
        var agencyError: String?
        var errorSummary: [FieldError]
        var fieldErrors: [String: String]
        var user: UserStatus?
        var notice: String?
    }

    struct UserStatus {
        var active: Bool
        var disableHref: String
        var enableHref: String
        var passwordHref: String
        var auditHref: String
        var isSelf: Bool
        var created: String
    }

    func formView(principal: Principal, heading: String, action: String, isNew: Bool, values: [String: String], failure: ValidationFailure?, user: User?, notice: String? = nil) async throws -> FormView {
        func field(_ name: String) -> FormField { FormField(value: values[name] ?? "", error: failure?.message(for: name)) }
        let agencies = try await store.agencies(scope: principal.jurisdiction, includeInactive: false)
        return FormView(
            heading: heading, action: action, isNew: isNew, username: field("username"), displayName: field("display_name"),
            jurisdiction: field("jurisdiction"), password: FormField(value: "", error: failure?.message(for: "password")),
            roles: Role.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["role"]) },
            roleError: failure?.message(for: "role"),
            agencies: agencies.map { Option(value: String($0.agency.id), label: "\($0.agency.name) (\($0.regionName))", selected: String($0.agency.id) == values["agency_id"]) },
            agencyError: failure?.message(for: "agency_id"), errorSummary: failure?.errors ?? [], fieldErrors: FieldProblems(failure?.errors ?? []).byField,
            user: user.map { user in
                UserStatus(active: user.isActive, disableHref: SiteURL.userDisable(user.id).path, enableHref: SiteURL.userEnable(user.id).path,
                           passwordHref: SiteURL.userPassword(user.id).path, auditHref: SiteURL.audit.path + "?entity=user&entity_id=\(user.id)",
                           isSelf: user.id == principal.userID, created: Display.dateTime(user.createdAt))
            }, notice: notice)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageUsers)
        let values = ["jurisdiction": principal.jurisdiction.rawValue, "role": Role.monitor.rawValue]
        return try renderer.page("accounts/user-form", title: "Tambah pengguna", section: .users, context: context,
                             body: try await formView(principal: principal, heading: "Tambah pengguna", action: SiteURL.users.path, isNew: true, values: values, failure: nil, user: nil))
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requireSession(.manageUsers)
        let values = try await Forms.read(request)
        do {
            let username = (values["username"] ?? "").trimmingWhitespace().lowercased()
            let password = values["password"] ?? ""
            var validator = Validator()
            Credentials.validateUsername(username, into: &validator)
            Credentials.validatePassword(password, username: username, into: &validator)
            validator.check(password == values["password_confirm"], "password", "Konfirmasi kata sandi tidak sama.")
            var errors = validator.errors
            var validInput: UserInput?
            do {
                validInput = try UserInput.validate(displayName: values["display_name"], role: values["role"], jurisdiction: values["jurisdiction"], agencyID: values["agency_id"])
            } catch {
                errors += error.errors
            }
            guard let input = validInput, errors.isEmpty else { throw ValidationFailure(errors) }
            let hash = try await passwords.hash(password)
            let user = try await store.createUser(username: username, input: input, passwordHash: hash, scope: principal.jurisdiction, actor: try context.actor())
            return .redirect(to: SiteURL.user(user.id).path + "?notice=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderer.page("accounts/user-form", title: "Tambah pengguna", section: .users, context: context, status: .unprocessableContent,
                                 body: try await formView(principal: principal, heading: "Tambah pengguna", action: SiteURL.users.path, isNew: true, values: values.dictionary, failure: failure, user: nil))
        }
    }

    func target(_ context: AppRequestContext, _ principal: Principal) async throws -> User {
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor pengguna tidak valid.") }
        guard let user = try await store.user(id: id, scope: principal.jurisdiction) else { throw NotFound("pengguna") }
        return user
    }

    func values(of user: User) -> [String: String] {
        ["username": user.username, "display_name": user.displayName, "role": user.role.rawValue,
         "jurisdiction": user.jurisdiction.rawValue, "agency_id": String(user.agencyID)]
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewUsers)
        let user = try await target(context, principal)
        return try renderer.page("accounts/user-form", title: user.username, section: .users, context: context,
                             body: try await formView(principal: principal, heading: user.displayName, action: SiteURL.user(user.id).path, isNew: false,
                                                      values: values(of: user), failure: nil, user: user, notice: Notice.text(request)))
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requireSession(.manageUsers)
        let user = try await target(context, principal)
        var values = try await Forms.read(request)
        values["username"] = user.username
        do {
            let input = try UserInput.validate(displayName: values["display_name"], role: values["role"], jurisdiction: values["jurisdiction"], agencyID: values["agency_id"])
            if user.id == principal.userID && (input.role != user.role || input.jurisdiction != user.jurisdiction) {
                throw ValidationFailure("role", "Anda tidak dapat mengubah peran atau wilayah akun Anda sendiri.")
            }
            _ = try await store.updateUser(user.id, input: input, scope: principal.jurisdiction, actor: try context.actor())
            return .redirect(to: SiteURL.user(user.id).path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderer.page("accounts/user-form", title: user.username, section: .users, context: context, status: .unprocessableContent,
                                 body: try await formView(principal: principal, heading: user.displayName, action: SiteURL.user(user.id).path, isNew: false,
                                                          values: values.dictionary, failure: failure, user: user))
        }
    }

    func setDisabled(_ disabled: Bool, request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requireSession(.manageUsers)
        let user = try await target(context, principal)
        if user.id == principal.userID && disabled { throw Forbidden("Anda tidak dapat menonaktifkan akun Anda sendiri.") }
        try await store.setUserDisabled(user.id, disabled: disabled, scope: principal.jurisdiction, actor: try context.actor())
        return .redirect(to: SiteURL.user(user.id).path + "?notice=\(disabled ? "disabled" : "enabled")", type: .normal)
    }

    func resetPassword(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requireSession(.manageUsers)
        let user = try await target(context, principal)
        // One's own password is changed on the account page, with the current one.
        if user.id == principal.userID { throw Forbidden("Ganti kata sandi Anda sendiri di halaman Akun saya, dengan kata sandi saat ini.") }
        let values = try await Forms.read(request)
        let password = values["password"] ?? ""
        var validator = Validator()
        Credentials.validatePassword(password, username: user.username, into: &validator)
        validator.check(password == values["password_confirm"], "password", "Konfirmasi kata sandi tidak sama.")
        do {
            try validator.finish()
        } catch {
            return try renderer.page("accounts/user-form", title: user.username, section: .users, context: context, status: .unprocessableContent,
                                 body: try await formView(principal: principal, heading: user.displayName, action: SiteURL.user(user.id).path, isNew: false,
                                                          values: self.values(of: user), failure: error, user: user))
        }
        try await store.setPassword(userID: user.id, passwordHash: try await passwords.hash(password), actor: try context.actor())
        return .redirect(to: SiteURL.user(user.id).path + "?notice=password", type: .normal)
    }
}
