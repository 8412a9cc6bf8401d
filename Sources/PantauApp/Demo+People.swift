import ArgumentParser
import Foundation
import PantauCore
import PantauStore
import PantauWeb

/// The demo's accounts and agencies.
extension DemoLoader {
    struct People {
        var secretary: Principal, monitor: Principal, kpu: Principal, bawaslu: Principal
        var agencies: [AgencyType: Int]
    }

    /// The demo's accounts, created when missing (an existing account of that name is reused).
    func makeUsers() async throws -> People {
        var agencies: [AgencyType: Int] = [:]
        for item in try await store.agencies(scope: Self.city) where item.agency.regionKode == Self.city && agencies[item.agency.type] == nil {
            agencies[item.agency.type] = item.agency.id
        }
        guard let kesbangpol = agencies[.kesbangpol], let kpu = agencies[.kpu], let bawaslu = agencies[.bawaslu] else {
            throw ValidationError("The Kota Serang agencies (Kesbangpol, KPU, Bawaslu) are missing; run `pantau migrate` with PANTAU_JURISDICTION=36.73 first.")
        }
        func principal(_ username: String, _ name: String, _ role: Role, _ agency: Int) async throws -> Principal {
            let user: User
            if let existing = try await store.user(username: username) {
                user = existing
            } else {
                user = try await store.createUser(username: username, input: UserInput(displayName: name, role: role, jurisdiction: Self.city, agencyID: agency),
                                                  passwordHash: passwordHash, scope: .national, actor: .console("demo"))
            }
            return Principal(userID: user.id, username: user.username, displayName: user.displayName, role: user.role, jurisdiction: user.jurisdiction, agencyID: user.agencyID)
        }
        let secretary = try await principal("sekretariat", "Sekretariat Desk Pilkada", .analyst, kesbangpol)
        let monitor = try await principal("pemantau.demo", "Rudi Hartono (pemantau)", .monitor, kesbangpol)
        let kpuUser = try await principal("kpu.demo", "Operator KPU Kota Serang", .partner, kpu)
        let bawasluUser = try await principal("bawaslu.demo", "Staf Bawaslu Kota Serang", .partner, bawaslu)
        _ = try await principal("pimpinan.demo", "Kepala Badan Kesbangpol", .viewer, kesbangpol)
        return People(secretary: secretary, monitor: monitor, kpu: kpuUser, bawaslu: bawasluUser, agencies: agencies)
    }

    static let incidentTemplates: [(category: String, title: String, narrative: String, severity: Severity)] = [
        ("politik_uang", "Pembagian amplop menjelang masa tenang", "Warga melaporkan pembagian amplop berisi uang oleh orang yang mengaku tim pemenangan.", .berat),
        ("perusakan", "Perusakan alat peraga kampanye", "Baliho salah satu paslon ditemukan robek dan dibakar di pinggir jalan.", .sedang),
        ("netralitas", "Kepala kelurahan hadir di acara kampanye", "Seorang lurah terlihat mengenakan atribut paslon dalam acara kampanye terbatas.", .sedang),
        ("hoaks", "Hoaks TPS dipindah beredar di grup WhatsApp", "Pesan berantai menyebut lokasi TPS dipindah; KPU menyatakan informasi itu tidak benar.", .sedang),
        ("unjuk_rasa", "Unjuk rasa di depan kantor KPU", "Sekitar 150 orang berunjuk rasa mempersoalkan daftar pemilih; berlangsung tertib.", .sedang),
        ("gangguan_penyelenggaraan", "Logistik surat suara kurang di TPS", "KPPS melaporkan kekurangan surat suara; ditutup dengan surat suara cadangan.", .ringan),
        ("intimidasi", "Intimidasi terhadap saksi paslon", "Saksi paslon mengaku diancam agar tidak hadir saat penghitungan suara.", .berat),
        ("kekerasan", "Keributan antar pendukung usai kampanye", "Dua kelompok pendukung terlibat adu mulut dan saling dorong; dilerai aparat.", .berat),
        ("ujaran_kebencian", "Spanduk bernada SARA dipasang malam hari", "Spanduk provokatif bernada SARA ditemukan di dekat tempat ibadah dan segera diturunkan.", .berat),
        ("kegiatan_ormas", "Deklarasi dukungan ormas", "Ormas setempat mendeklarasikan dukungan terbuka kepada salah satu paslon.", .ringan),
        ("kebijakan_pemda", "Penolakan warga atas relokasi pedagang", "Warga menolak rencana relokasi pedagang pasar dan mendatangi kantor kecamatan.", .sedang),
        ("kegiatan_parpol", "Konsolidasi partai politik tingkat kota", "Partai politik menggelar rapat konsolidasi kader menjelang tahun politik.", .ringan),
    ]

    /// Incidents around the 2024 campaign and voting day, and a few recent weeks of monitoring.
    mutating func loadIncidents(villages: [(village: Region, district: Region)], people: People) async throws -> [Int] {
        let categories = Set(try await store.reportCategories().map(\.code))
        var ids: [Int] = []
        let electionDays = (0..<44).map { LocalDate("2024-10-20")!.adding(days: $0) }
        let recentDays = (1...27).map { LocalDate(epoch: store.clock.now()).adding(days: -$0) }
        for index in 0..<62 {
            let recent = index >= 44
            let day = recent ? recentDays[Int.random(in: 0..<recentDays.count, using: &random)] : electionDays[index]
            let pool = recent ? Self.incidentTemplates.filter { ["unjuk_rasa", "kebijakan_pemda", "kegiatan_parpol", "kegiatan_ormas", "hoaks"].contains($0.category) }
                : Self.incidentTemplates.filter { !["kebijakan_pemda", "kegiatan_parpol"].contains($0.category) }
            let template = pool[Int.random(in: 0..<pool.count, using: &random)]
            guard categories.contains(template.category) else { continue }
            let place = villages[Int.random(in: 0..<villages.count, using: &random)]
            let hour = Int.random(in: 7...21, using: &random)
            var raw = RawReport()
            raw.judul = "\(template.title) di \(place.village.name)"
            raw.uraian = template.narrative + " Lokasi: Kel. \(place.village.name), Kec. \(place.district.name)."
            raw.kategori = template.category; raw.tingkat = template.severity.rawValue
            raw.sumber = [ReportSource.fieldMonitor, .agency, .media, .socialMedia][Int.random(in: 0...3, using: &random)].rawValue
            raw.waktu_kejadian = "\(day)T\(String(format: "%02d", hour)):\(String(format: "%02d", Int.random(in: 0...59, using: &random)))"
            raw.presisi_waktu = "exact"; raw.kode_wilayah = place.village.code.rawValue
            raw.jumlah_terlibat = Int.random(in: 2...150, using: &random)
            let input = try ReportInput.validate(raw, now: store.clock.now())
            let author = index % 3 == 0 ? people.kpu : people.monitor
            let user = try await store.user(username: author.username)
            let report = try await store.reports(Scope(author)).create(input, draft: false, author: user, agencyID: author.agencyID, actor: Actor(author, ip: nil)).report
            let roll = Double.random(in: 0...1, using: &random)
            let actor = Actor(people.secretary, ip: nil)
            if roll < 0.08 {
                _ = try await store.reports(Scope(people.secretary)).transition(report.id, .reject, note: "Tidak dapat dikonfirmasi di lapangan.", actor: actor)
            } else if roll < 0.9 || !recent {
                _ = try await store.reports(Scope(people.secretary)).transition(report.id, .verify, note: "Dikonfirmasi oleh pemantau kecamatan.", actor: actor)
                if template.severity >= .sedang && roll < 0.75 {
                    let agency = [template.category == "politik_uang" || template.category == "netralitas" ? people.agencies[.bawaslu] : people.agencies[.polri],
                                  people.agencies[.kpu]].compactMap { $0 }
                    _ = try await store.reports(Scope(people.secretary)).transition(report.id, .assign, note: "Mohon klarifikasi dan tindak lanjut.",
                                                   assignTo: Array(Set(agency)), dueAt: store.clock.now() + 3 * 86400, actor: actor)
                    if roll < 0.45 && !recent {
                        _ = try await store.reports(Scope(people.secretary)).transition(report.id, .resolve, note: "Telah ditangani instansi terkait.", actor: actor)
                    }
                }
            }
            try await store.demoBackdate(.report(id: report.id, at: input.occurredAt + Int.random(in: 1800...14_400, using: &random), step: 3 * 3600))
            ids.append(report.id)
        }
        return ids
    }

    static let problemTemplates: [(stage: String, category: String, title: String, anticipation: String, agency: AgencyType)] = [
        ("Pemutakhiran dan penyusunan daftar pemilih", "gangguan_penyelenggaraan", "Pemilih pindahan belum tercatat pada DPS",
         "Coklit ulang oleh pantarlih di kelurahan terdampak; sosialisasi pengecekan mandiri.", .kpu),
        ("Penetapan DPT", "gangguan_penyelenggaraan", "Data ganda pada DPT di beberapa kelurahan", "Pencermatan bersama KPU, Bawaslu dan Disdukcapil sebelum penetapan.", .kpu),
        ("Kampanye", "perusakan", "APK dipasang di fasilitas umum dan pohon pelindung", "Penertiban APK bersama Satpol PP setelah teguran tertulis Bawaslu.", .bawaslu),
        ("Kampanye", "netralitas", "Dugaan ASN ikut kegiatan kampanye", "Klarifikasi Bawaslu; pembinaan ASN oleh BKPSDM; rekomendasi ke BKN bila terbukti.", .bawaslu),
        ("Kampanye", "hoaks", "Sebaran hoaks tentang paslon di media sosial", "Patroli siber dan kontra-narasi oleh Diskominfo; pelaporan ke platform.", .diskominfo),
        ("Masa tenang", "politik_uang", "Potensi politik uang pada masa tenang", "Patroli pengawasan gabungan malam hari; posko aduan di tiap kecamatan.", .bawaslu),
        ("Pemungutan suara", "gangguan_penyelenggaraan", "Keterlambatan distribusi logistik ke TPS jauh", "Distribusi H-1 dengan pengawalan Polri; cadangan kendaraan di tiap PPK.", .polri),
        ("Pemungutan suara", "intimidasi", "Ancaman terhadap saksi di TPS", "Pengamanan TPS rawan oleh Polri/TNI; saksi didampingi pengawas TPS.", .polri),
        ("Penghitungan suara dan rekapitulasi", "sengketa", "Keberatan saksi atas selisih suara di PPK", "Pencocokan ulang C.Hasil dengan salinan saksi; rekomendasi Bawaslu.", .kpu),
        ("Penghitungan suara dan rekapitulasi", "unjuk_rasa", "Rencana pengerahan massa saat rekapitulasi tingkat kota", "Koordinasi intelijen dan pengamanan gedung rekapitulasi.", .polri),
    ]

    /// The desk's inventory of problems through the stages of 2024.
    mutating func loadProblems(election: Election, villages: [(village: Region, district: Region)], people: People, reports: [Int]) async throws -> Int {
        let stages = try await store.elections(.console).stages(of: election.id)
        var count = 0
        for (index, template) in Self.problemTemplates.enumerated() {
            guard let stage = stages.first(where: { $0.plan.name == template.stage }) else { continue }
            let place = index % 3 == 0 ? villages[(index * 7) % villages.count].district.code : villages[(index * 11) % villages.count].village.code
            let input = try ProblemInput.validate(
                title: template.title, description: "Teridentifikasi dalam rapat Desk Pilkada pada tahapan \(template.stage.lowercased()).",
                category: template.category, stage: String(stage.id), region: place.rawValue,
                reportedBy: String(index % 2 == 0 ? people.agencies[.kesbangpol]! : people.agencies[template.agency] ?? people.agencies[.kesbangpol]!),
                anticipation: template.anticipation, responsible: people.agencies[template.agency].map(String.init),
                due: stage.plan.end.description, reports: index < reports.count / 4 ? String(reports[index * 2]) : nil)
            let problem = try await store.elections(Scope(people.secretary)).createProblem(in: election.id, input, actor: Actor(people.secretary, ip: nil))
            let path: [ProblemStatus] = index < 7 ? [.anticipated, .handled, .resolved] : index < 9 ? [.anticipated, .handled] : [.anticipated]
            for status in path {
                try await store.elections(Scope(people.secretary)).moveProblem(problem.id, of: election.id, to: status,
                                                                               note: "Dibahas dalam rapat koordinasi Desk Pilkada.", actor: Actor(people.secretary, ip: nil))
            }
            let opened = max(stage.plan.start, LocalDate("2024-07-01")!).startEpoch() + 9 * 3600
            let span = max(stage.plan.end.dayNumber - stage.plan.start.dayNumber, 2)
            try await store.demoBackdate(.problem(id: problem.id, at: opened + Int.random(in: 0...(span / 3), using: &random) * 86400,
                                                  step: max(span * 86400 / 4, 3 * 3600)))
            count += 1
        }
        return count
    }

    /// Agency notes and daily reports around voting day; the monthly report of November.
    mutating func loadDesk(election: Election, people: People) async throws {
        let notes: [(Principal, String)] = [
            (people.kpu, "Distribusi logistik ke PPK selesai; 992 TPS siap. Cadangan surat suara 2,5% per TPS."),
            (people.bawaslu, "Patroli pengawasan masa tenang di 6 kecamatan; 3 dugaan politik uang ditindaklanjuti."),
        ]
        for offset in -2...1 {
            let day = election.votingDay.adding(days: offset)
            for (author, text) in notes {
                try await store.elections(Scope(author)).saveDeskNote(in: election.id, day: day, note: text, actor: Actor(author, ip: nil))
                try await store.demoBackdate(.note(electionID: election.id, agencyID: author.agencyID!, day: day, at: day.startEpoch() + 17 * 3600))
            }
        }
        let actor = Actor(people.secretary, ip: nil)
        for offset in -2...1 {
            let day = election.votingDay.adding(days: offset)
            let report = try await store.elections(Scope(people.secretary)).openDeskReport(in: election.id, kind: .daily, date: day, actor: actor)
            if offset < 1 { try await store.demoFinalise(deskReport: report.id, userID: people.secretary.userID, at: day.startEpoch() + 20 * 3600) }
        }
        _ = try await store.elections(Scope(people.secretary)).openDeskReport(in: election.id, kind: .monthly, date: election.votingDay, actor: actor)
    }
}
