import Foundation
import PantauCore
import PantauDocuments
import PantauStore

/// A desk report as a Word document: the same sections as the print view.
enum DeskDocument {
    static func make(report: DeskReport, letterhead: [String], author: String) throws -> Data {
        let c = report.content
        var blocks: [DocxBlock] = [
            .title("\(report.kind.label.uppercased()) DESK PILKADA \(report.desk.name.uppercased())"),
            .keyValue([
                ("Pemilihan", c.electionName), ("Desk", report.desk.name), ("Wilayah", c.regionName), ("Periode", c.periodLabel),
                ("Pemungutan suara", "\(c.votingDay) (\(c.countdown))"),
                ("Versi", "\(report.version) · \(report.status.label)" + (report.finalisedAt.map { ", difinalkan \(LocalDate(epoch: $0).longIndonesian)" } ?? "")),
            ]),
            .heading("A. Gambaran umum"),
        ]
        let paragraphs = report.narrative.components(separatedBy: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        blocks += paragraphs.isEmpty ? [.paragraph("–")] : paragraphs.map { .paragraph($0) }
        blocks.append(.heading("B. Tahapan pemilihan"))
        blocks.append(c.stages.isEmpty ? .paragraph("Tidak ada tahapan pada periode ini.")
                      : .table(header: ["Tahapan", "Mulai", "Selesai", "Status"], rows: c.stages.map { [$0.name, $0.start, $0.end, $0.state] }, columnWidths: [5, 3, 3, 2]))
        func problems(_ title: String, _ list: [DeskReportContent.Problem]) {
            blocks.append(.heading(title))
            blocks.append(list.isEmpty ? .paragraph("Tidak ada.")
                          : .table(header: ["No.", "Permasalahan", "Tahapan", "Wilayah", "Status", "Antisipasi / saran", "Penanggung jawab"],
                                   rows: list.map { ["#\($0.id)", $0.title, $0.stage, $0.region, $0.status, $0.anticipation, $0.responsible] },
                                   columnWidths: [3, 7, 4, 4, 4, 6, 5]))
        }
        problems("C. Permasalahan baru", c.problemsOpened)
        problems("D. Permasalahan yang berubah status", c.problemsChanged)
        problems("E. Permasalahan yang masih terbuka", c.problemsOpen)
        blocks.append(.heading("F. Kejadian terverifikasi"))
        blocks.append(c.incidents.isEmpty ? .paragraph("Tidak ada kejadian terverifikasi pada periode ini.")
                      : .table(header: ["No.", "Kejadian", "Kategori", "Tingkat", "Wilayah", "Waktu"],
                               rows: c.incidents.map { ["#\($0.id)", $0.title, $0.category, Severity(rawValue: $0.severity)?.label ?? $0.severity, $0.region, $0.occurred] },
                               columnWidths: [3, 8, 4, 3, 4, 5]))
        blocks.append(.heading("G. Catatan instansi"))
        blocks.append(c.notes.isEmpty ? .paragraph("Tidak ada catatan.")
                      : .table(header: ["Instansi", "Tanggal", "Catatan"], rows: c.notes.map { [$0.agency, $0.date, $0.note] }, columnWidths: [3, 3, 8]))
        blocks.append(.signature(place: report.desk.name, date: LocalDate(epoch: report.finalisedAt ?? report.updatedAt).longIndonesian,
                                 role: "Sekretaris Desk Pilkada", name: "……………………………", id: nil))
        let document = DocxDocument(title: "\(report.kind.label) \(c.periodLabel) – \(c.electionName)", author: author,
                                    letterhead: letterhead.isEmpty ? nil : Letterhead(lines: letterhead), blocks: blocks,
                                    footer: "\(report.kind.label) Desk Pilkada \(report.desk.name), \(c.periodLabel), versi \(report.version)",
                                    // A report not yet final says so on every page, as its print view does.
                                    watermark: report.status == .final ? nil : "DRAF")
        return try document.data()
    }
}
