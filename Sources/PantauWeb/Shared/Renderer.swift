import Foundation
import Hummingbird
import Mustache
import PantauCore

/// Renders pages from the Mustache templates bundled with the web layer. Templates are
/// logic-less: every page gets a view model built for it, never a database record.
public struct Renderer: Sendable {
    let library: MustacheLibrary
    public let applicationName: String
    /// The capabilities' navigation entries, in order.
    let navigation: [NavigationEntry]

    public init(applicationName: String = "Pantau", navigation: [NavigationEntry] = []) async throws {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw BadRequest("templates are missing from the bundle")
        }
        self.library = try await MustacheLibrary(directory: directory.path)
        self.applicationName = applicationName
        self.navigation = navigation
    }

    /// A page inside the common layout. A template that is not in the bundle is an error (a 500
    /// whose cause is logged), never an empty page.
    public func page(_ template: String, title: String, section: Section? = nil, context: AppRequestContext, status: HTTPResponse.Status = .ok,
                     body: some Any) throws -> Response {
        let view = PageView(layout: layout(title: title, section: section, context: context), body: body)
        return html(try render(template, view), status: status)
    }

    /// A page with its own HTML skeleton (print views), outside the common layout.
    func standalone(_ template: String, _ view: some Any) throws -> Response {
        html(try render(template, view))
    }

    func render(_ template: String, _ view: some Any) throws -> String {
        guard let text = library.render(view, withTemplate: template) else { throw MissingTemplate(name: template) }
        return text
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func errorPage(status: HTTPResponse.Status, message: String, context: AppRequestContext) -> Response {
        struct ErrorView { var status: Int; var title: String; var message: String; var signedIn: Bool }
        let view = ErrorView(status: Int(status.code), title: Problem.title(for: status), message: message, signedIn: context.identity != nil)
        // The error page must not fail in turn: without its template it is plain text.
        return (try? page("shared/error", title: Problem.title(for: status), context: context, status: status, body: view))
            ?? Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    func layout(title: String, section: Section?, context: AppRequestContext) -> LayoutView {
        let principal = context.principal
        var nav: [NavItem] = []
        if let principal {
            nav.append(NavItem(label: "Beranda", href: SiteURL.home.path, active: section == .home))
            for entry in navigation where principal.can(entry.action) {
                nav.append(NavItem(label: entry.label, href: entry.href, active: section == entry.section, badge: context.navigationBadges[entry.href]))
            }
        }
        return LayoutView(
            appName: applicationName, title: title, csrf: context.csrfToken, nav: nav,
            user: principal.map { UserBadge(name: $0.displayName, role: $0.role.label, accountHref: SiteURL.account.path, accountActive: section == .account) },
            styleHref: SiteURL.style.path, logoutHref: SiteURL.logout.path, loginHref: SiteURL.login.path, apiHref: SiteURL.apiDocs.path
        )
    }

    /// The part of the site a page belongs to, for the navigation's highlight. Each capability
    /// names its own (`Section.reports`, `Section.elections`, ...).
    public struct Section: Hashable, Sendable {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public static let home = Section("home")
        public static let account = Section("account")
    }
}

/// A page asked for a template the bundle does not hold.
struct MissingTemplate: Error, CustomStringConvertible {
    var name: String
    var description: String { "template \(name).mustache is missing from the bundle" }
}

struct PageView<Body> {
    var layout: LayoutView
    var body: Body
}

struct LayoutView {
    var appName: String
    var title: String
    var csrf: String
    var nav: [NavItem]
    var user: UserBadge?
    var styleHref: String
    var logoutHref: String
    var loginHref: String
    var apiHref: String
}

struct NavItem {
    var label: String
    var href: String
    var active: Bool
    var badge: String?
}

struct UserBadge {
    var name: String
    var role: String
    var accountHref: String
    var accountActive: Bool
}

/// A form field's value and its error message, for re-rendering a form that failed validation.
struct FormField {
    var value: String
    var error: String?
}

/// An option of a select element.
struct Option {
    var value: String
    var label: String
    var selected: Bool
}
