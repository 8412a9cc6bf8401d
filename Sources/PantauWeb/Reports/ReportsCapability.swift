import Hummingbird
import PantauCore
import PantauStore
import ServiceLifecycle

extension Renderer.Section {
    public static let situation = Renderer.Section("situation")
    public static let inbox = Renderer.Section("inbox")
    public static let reports = Renderer.Section("reports")
}

/// Incident reports (deteksi dini): intake, the public complaint form, the workflow, attachments,
/// the inbox, the Situasi dashboard, categories and the outgoing webhook.
public struct ReportsCapability: Capability {
    public init() {}

    public var name: String { "reports" }
    public var migrations: [Migration] { ReportSchema.migrations }
    public var actions: [Action] { Action.reportActions }
    public var auditEntities: [AuditEntity] { [.report, .category] }
    public var navigation: [NavigationEntry] {
        [
            NavigationEntry("Situasi", href: SiteURL.situation.path, section: .situation, action: .viewReports),
            NavigationEntry("Kotak masuk", href: SiteURL.inbox.path, section: .inbox, action: .viewReports, badge: Self.inboxCount),
            NavigationEntry("Laporan", href: SiteURL.reports.path, section: .reports, action: .viewReports),
        ]
    }
    public var homeCards: [HomeCard] {
        [HomeCard("Webhook", "Teruskan laporan terverifikasi dan kejadian berat ke WhatsApp/Telegram.") { context in
            context.administersInstallation ? SiteURL.webhook.path : nil
        }]
    }
    public var apiDocument: String? { "reports" }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        let (store, renderer, settings) = (context.store, context.renderer, context.settings)
        let uploads = UploadSettings(dataDirectory: settings.dataDirectory, maxBytes: settings.maxUploadBytes,
                                     limits: AttachmentLimits(perReport: settings.maxAttachmentsPerReport, bytesPerDay: settings.uploadBytesPerDay))
        ReportRoutes(store: store, renderer: renderer, zone: settings.zone, uploads: uploads).register(on: router)
        PublicReportRoutes(store: store, renderer: renderer, jurisdiction: settings.jurisdiction, perHour: settings.publicReportsPerHour,
                           secureCookies: settings.secureCookies, uploads: uploads).register(on: router)
        InboxRoutes(store: store, renderer: renderer).register(on: router)
        CategoryRoutes(store: store, renderer: renderer).register(on: router)
        WebhookRoutes(store: store, renderer: renderer, allowPrivateTargets: settings.webhookAllowPrivate).register(on: router)
        SituationRoutes(store: store, renderer: renderer, capability: context).register(on: router)
        AttachmentRoutes(store: store, dataDirectory: settings.dataDirectory, maxBytes: settings.maxUploadBytes,
                         limits: AttachmentLimits(perReport: settings.maxAttachmentsPerReport, bytesPerDay: settings.uploadBytesPerDay)).register(on: router)
    }

    /// The webhook outbox is sent from every instance; each delivery is claimed before it is sent.
    public func services(_ context: CapabilityContext) -> [any Service] {
        [WebhookWorker(store: context.store, logger: context.logger, allowPrivateTargets: context.settings.webhookAllowPrivate)]
    }
}
