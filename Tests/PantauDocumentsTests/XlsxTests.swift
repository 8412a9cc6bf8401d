import Foundation
import PantauCore
import Testing
@testable import PantauDocuments

let sheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
let jakarta = TimeZone(identifier: "Asia/Jakarta")!     // WIB, UTC+7
let makassar = TimeZone(identifier: "Asia/Makassar")!   // WITA, UTC+8

/// 2026-11-23 03:30:00 UTC: 10:30 WIB, 11:30 WITA.
let reportTime = Date(timeIntervalSince1970: 1_795_404_600)

/// A sheet with one of every kind of cell, used by several tests and for the sample file.
func sampleWorkbook(timeZone: TimeZone = jakarta) -> XlsxWorkbook {
    XlsxWorkbook(sheets: [
        XlsxSheet(name: "Laporan Kejadian", columns: [
            XlsxColumn("No", width: 5, kind: .number),
            XlsxColumn("Uraian", width: 40),
            XlsxColumn("Tanggal", width: 12, kind: .date),
            XlsxColumn("Waktu Lapor", width: 17, kind: .dateTime),
            XlsxColumn("Jumlah Massa", width: 14, kind: .number),
            XlsxColumn("Kecamatan", width: 18),
        ], rows: [
            [1, "Pengerahan massa di depan kantor KPU \"Kota Serang\" & <Bawaslu>", .date(reportTime), .dateTime(reportTime), 150, "Serang"],
            [2, "=HYPERLINK(\"http://contoh.invalid\")", .date(reportTime), .dateTime(reportTime.addingTimeInterval(5400)), .empty, "Kasemen"],
            [3, "-1 suara; +62 812; @admin", .empty, .empty, .number(2.5), "Taktakan"],
            [4, "Baris dengan sel kosong di tengah", .empty, .dateTime(reportTime), .empty, .empty],
        ]),
        XlsxSheet(name: "Ringkasan", columns: [XlsxColumn("Kecamatan", width: 18), XlsxColumn("Jumlah", kind: .number)],
                  rows: [["Serang", 1], ["Kasemen", 2]]),
    ], timeZone: timeZone, title: "Laporan Kejadian Pilkada Kota Serang", author: "Desk Pilkada",
       created: Date(timeIntervalSince1970: 1_795_392_000))
}

func sheetXML(_ workbook: XlsxWorkbook, _ number: Int = 1) throws -> XMLNode {
    try parseXML(#require(unzip(workbook.data())["xl/worksheets/sheet\(number).xml"]))
}

@Suite("Xlsx writer")
struct XlsxWriterTests {
    @Test("every part is there, well-formed, in the SpreadsheetML namespace, with a content type")
    func parts() throws {
        let data = try sampleWorkbook().data()
        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        let paths = try entryPaths(data)
        #expect(paths.first == "[Content_Types].xml")
        #expect(Set(paths) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
            "xl/sharedStrings.xml",
        ])
        let parts = try unzip(data)
        for (path, bytes) in parts {
            let root = try parseXML(bytes)
            for element in root.descendants {
                #expect(!element.namespaceURI.isEmpty, "\(path): <\(element.name)> has no namespace")
            }
        }
        let types = try parseXML(#require(parts["[Content_Types].xml"]))
        let overrides = Dictionary(uniqueKeysWithValues: types.all("Override").map { ($0["PartName"]!, $0["ContentType"]!) })
        for path in parts.keys where !path.hasSuffix(".rels") && path != "[Content_Types].xml" {
            #expect(overrides["/" + path] != nil, "\(path) has no content type")
        }
        #expect(overrides["/xl/workbook.xml"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        let rels = try parseXML(#require(parts["xl/_rels/workbook.xml.rels"])).all("Relationship")
        for rel in rels { #expect(parts["xl/" + rel["Target"]!] != nil, "xl/\(rel["Target"]!) is missing") }
        let workbook = try parseXML(#require(parts["xl/workbook.xml"]))
        #expect(workbook.all("sheet").map { $0["name"] } == ["Laporan Kejadian", "Ringkasan"])
        #expect(XlsxWorkbook.mimeType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    @Test("the header row is bold and frozen, columns have their widths, and a filter covers the table")
    func header() throws {
        let workbook = sampleWorkbook()
        let sheet = try sheetXML(workbook)
        let pane = try #require(sheet.first("pane"))
        #expect(pane["ySplit"] == "1")
        #expect(pane["topLeftCell"] == "A2")
        #expect(pane["state"] == "frozen")
        #expect(pane["activePane"] == "bottomLeft")
        #expect(sheet.all("col").map { $0["width"] } == ["5", "40", "12", "17", "14", "18"])
        #expect(sheet.all("col").allSatisfy { $0["customWidth"] == "1" })
        #expect(sheet.first("autoFilter")?["ref"] == "A1:F5")
        #expect(sheet.first("dimension")?["ref"] == "A1:F5")
        // In the order the schema requires; printed one page wide on A4 landscape.
        #expect(sheet.children.map(\.name) == ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
                                               "autoFilter", "pageMargins", "pageSetup"])
        #expect(sheet.first("pageSetUpPr")?["fitToPage"] == "1")
        #expect(sheet.first("pageSetup")?["paperSize"] == "9")
        #expect(sheet.first("pageSetup")?["fitToWidth"] == "1")
        #expect(sheet.first("pageSetup")?["fitToHeight"] == "0")

        let styles = try parseXML(#require(unzip(workbook.data())["xl/styles.xml"]))
        let xfs = try #require(styles.first("cellXfs")).children
        let fonts = try #require(styles.first("fonts")).children
        let headerCells = try #require(sheet.all("row").first).children
        #expect(headerCells.count == 6)
        for cell in headerCells {
            let xf = xfs[Int(cell["s"]!)!]
            #expect(fonts[Int(xf["fontId"]!)!].child("b") != nil, "header cell \(cell["r"]!) is not bold")
        }
        // Dates use the Indonesian day-month-year order.
        let formats = Dictionary(uniqueKeysWithValues: styles.all("numFmt").map { ($0["numFmtId"]!, $0["formatCode"]!) })
        let dateCell = try #require(sheet.all("c").first { $0["r"] == "C2" })
        let timeCell = try #require(sheet.all("c").first { $0["r"] == "D2" })
        #expect(formats[xfs[Int(dateCell["s"]!)!]["numFmtId"]!] == "dd/mm/yyyy")
        #expect(formats[xfs[Int(timeCell["s"]!)!]["numFmtId"]!] == "dd/mm/yyyy hh:mm")
        // The header prints on every page.
        let book = try parseXML(#require(unzip(workbook.data())["xl/workbook.xml"]))
        #expect(book.all("definedName").contains { $0["name"] == "_xlnm.Print_Titles" && $0.text == "'Laporan Kejadian'!$1:$1" })
    }

    @Test("a sheet without columns has no header row, pane or filter")
    func noHeader() throws {
        let sheet = try sheetXML(XlsxWorkbook(sheets: [XlsxSheet(name: "x", rows: [["a", 1]])], timeZone: jakarta))
        #expect(sheet.first("pane") == nil)
        #expect(sheet.first("autoFilter") == nil)
        #expect(sheet.first("cols") == nil)
        #expect(sheet.all("c").map { $0["r"] } == ["A1", "B1"])
    }

    @Test("the same workbook gives the same bytes")
    func deterministic() throws {
        #expect(try sampleWorkbook().data() == sampleWorkbook().data())
        var changed = sampleWorkbook()
        changed.sheets[0].rows[0][1] = "lain"
        #expect(try changed.data() != sampleWorkbook().data())
    }

    @Test("text that looks like a formula is stored as text, never as a formula")
    func noFormulas() throws {
        let parts = try unzip(sampleWorkbook().data())
        let sheet = try parseXML(#require(parts["xl/worksheets/sheet1.xml"]))
        #expect(sheet.all("f").isEmpty)
        let strings = try parseXML(#require(parts["xl/sharedStrings.xml"])).all("si").map { $0.first("t")!.text }
        let cell = try #require(sheet.all("c").first { $0["r"] == "B3" })
        #expect(cell["t"] == "s")
        #expect(strings[Int(cell.first("v")!.text)!] == "=HYPERLINK(\"http://contoh.invalid\")")
        // Quote-prefixed, so editing the cell in Excel does not turn it into a formula either.
        let styles = try parseXML(#require(parts["xl/styles.xml"]))
        let xfs = try #require(styles.first("cellXfs")).children
        #expect(xfs[Int(cell["s"]!)!]["quotePrefix"] == "1")
        let plain = try #require(sheet.all("c").first { $0["r"] == "F2" })
        #expect(xfs[Int(plain["s"]!)!]["quotePrefix"] == nil)
    }

    @Test("text is escaped and characters XML forbids are dropped")
    func escaping() throws {
        let dirty = "A\u{0}B\u{1}C\u{B}D\u{FFFE}E\tF\r\nG <b>&amp;</b> \"q\" 'a' _x0041_ 🇮🇩"
        let workbook = XlsxWorkbook(sheets: [XlsxSheet(name: dirty, columns: [XlsxColumn(dirty)], rows: [[.text(dirty)]])],
                                    timeZone: jakarta, title: dirty, author: dirty)
        for (path, bytes) in try unzip(workbook.data()) {
            _ = try parseXML(bytes)
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                #expect(scalar.value >= 0x20 || [0x9, 0xA, 0xD].contains(scalar.value), "\(path) holds U+\(String(scalar.value, radix: 16))")
            }
        }
        let expected = "ABCDE\tF\nG <b>&amp;</b> \"q\" 'a' _x0041_ 🇮🇩"
        #expect(try XlsxReader.rows(of: workbook.data()).map(\.cells) == [[expected], [expected]])
        let book = try parseXML(#require(unzip(workbook.data())["xl/workbook.xml"]))
        #expect(book.first("sheet")?["name"] == "ABCDEFG <b>&amp;<b> \"q\" 'a' _x0")
    }

    @Test("sheet names are cleaned, cut to 31 characters and unique")
    func sheetNames() {
        #expect(XlsxWriter.sheetNames(["Data [2026]: Serang/Cilegon?", "'Ringkasan'", "", "ringkasan", "History",
                                       String(repeating: "Kecamatan ", count: 5), String(repeating: "Kecamatan ", count: 5)])
                == ["Data 2026 SerangCilegon", "Ringkasan", "Lembar3", "ringkasan (2)", "History (2)",
                    "Kecamatan Kecamatan Kecamatan K", "Kecamatan Kecamatan Kecamat (2)"])
        #expect(XlsxWriter.sheetNames([]) == [])
    }

    @Test("dates are the local wall clock as Excel serials: WIB and WITA differ by an hour")
    func dates() throws {
        // 10:30 WIB on 23 November 2026 is serial 46349 + 10.5/24.
        #expect(XlsxSheetWriter.serial(reportTime, in: jakarta, dayOnly: false) == 46349.4375)
        #expect(XlsxSheetWriter.serial(reportTime, in: makassar, dayOnly: false) == 46349 + 11.5 / 24)
        #expect(XlsxSheetWriter.serial(reportTime, in: jakarta, dayOnly: true) == 46349)
        // 20:00 UTC is already the next day in WIB.
        let evening = Date(timeIntervalSince1970: 1_795_464_000)   // 2026-11-23 20:00 UTC
        #expect(XlsxSheetWriter.serial(evening, in: jakarta, dayOnly: true) == 46350)
        #expect(XlsxSheetWriter.serial(evening, in: TimeZone(identifier: "UTC")!, dayOnly: true) == 46349)
        // 1900-03-01 is serial 61; earlier days are written as text.
        let march1900 = Date(timeIntervalSince1970: -2_203_891_200)
        #expect(XlsxSheetWriter.serial(march1900, in: TimeZone(identifier: "UTC")!, dayOnly: true) == 61)
        #expect(XlsxSheetWriter.serial(march1900.addingTimeInterval(-86_400), in: TimeZone(identifier: "UTC")!, dayOnly: true) == nil)
        let old = XlsxWorkbook(sheets: [XlsxSheet(name: "x", rows: [[.date(march1900.addingTimeInterval(-86_400))]])],
                               timeZone: TimeZone(identifier: "UTC")!)
        #expect(try XlsxReader.rows(of: old.data()).map(\.cells) == [["28/02/1900"]])
    }

    @Test("a row wider than Excel allows is refused")
    func tooWide() {
        let wide = XlsxWorkbook(sheets: [XlsxSheet(name: "x", rows: [Array(repeating: .integer(1), count: 16_385)])], timeZone: jakarta)
        #expect(throws: XlsxError.tooManyColumns(limit: 16_384)) { try wide.data() }
    }

    @Test("no sheets still gives a workbook Excel opens: one empty sheet")
    func empty() throws {
        let parts = try unzip(XlsxWorkbook(sheets: [], timeZone: jakarta).data())
        #expect(try parseXML(#require(parts["xl/workbook.xml"])).all("sheet").map { $0["name"] } == ["Lembar1"])
        #expect(try XlsxReader.rows(of: XlsxWorkbook(sheets: [], timeZone: jakarta).data()) == [])
    }
}

@Suite("Xlsx round trip")
struct XlsxRoundTripTests {
    @Test("what is written reads back as text: quotes, markup, numbers, dates, gaps, formula-like text")
    func roundTrip() throws {
        let rows = try XlsxReader.rows(of: sampleWorkbook().data())
        #expect(rows.map(\.line) == [1, 2, 3, 4, 5])
        #expect(rows.map(\.cells) == [
            ["No", "Uraian", "Tanggal", "Waktu Lapor", "Jumlah Massa", "Kecamatan"],
            ["1", "Pengerahan massa di depan kantor KPU \"Kota Serang\" & <Bawaslu>", "2026-11-23", "2026-11-23 10:30", "150", "Serang"],
            ["2", "=HYPERLINK(\"http://contoh.invalid\")", "2026-11-23", "2026-11-23 12:00", "", "Kasemen"],
            ["3", "-1 suara; +62 812; @admin", "", "", "2.5", "Taktakan"],
            ["4", "Baris dengan sel kosong di tengah", "", "2026-11-23 10:30"],
        ])
        #expect(rows[4][5] == "")
        #expect(rows[4][-1] == "")
    }

    @Test("the same instant reads as WITA wall clock in a Makassar workbook")
    func makassarTime() throws {
        let rows = try XlsxReader.rows(of: sampleWorkbook(timeZone: makassar).data())
        #expect(rows[1].cells[3] == "2026-11-23 11:30")
        #expect(rows[2].cells[3] == "2026-11-23 13:00")
    }

    @Test("numbers read back as written, integers without .0")
    func numbers() throws {
        let values: [XlsxCell] = [.integer(42), .integer(-7), .number(3), .number(0.1 + 0.2), .number(-1234567.891),
                                  .number(1e-7), .number(.nan), .integer(Int(Int32.max) * 4), .number(1e20)]
        let workbook = XlsxWorkbook(sheets: [XlsxSheet(name: "x", rows: [values])], timeZone: jakarta)
        #expect(try XlsxReader.rows(of: workbook.data()).first?.cells
                == ["42", "-7", "3", "0.3", "-1234567.891", "1e-07", "", "8589934588", "1e+20"])
    }

    @Test("a large sheet is written and read in one pass")
    func large() throws {
        var sheet = XlsxSheet(name: "Pemilih", columns: [XlsxColumn("NIK"), XlsxColumn("Nama"), XlsxColumn("TPS", kind: .number)])
        for index in 0..<20_000 { sheet.append([.text("3201\(100_000 + index)"), .text("Pemilih \(index % 500)"), .integer(index % 40)]) }
        let data = try XlsxWorkbook(sheets: [sheet], timeZone: jakarta).data()
        let rows = try XlsxReader.rows(of: data)
        #expect(rows.count == 20_001)
        #expect(rows.last == XlsxRow(line: 20_001, cells: ["3201119999", "Pemilih 499", "39"]))
        // Repeated names are stored once.
        let strings = try parseXML(#require(unzip(data)["xl/sharedStrings.xml"]))
        #expect(strings.all("si").count == 3 + 20_000 + 500)
    }
}

@Suite("Xlsx reader")
struct XlsxReaderTests {
    @Test("a workbook written by openpyxl: inline strings, rich text, dates, time, boolean, formula without result")
    func openpyxl() throws {
        let rows = try XlsxReader.rows(of: XlsxFixtures.openpyxl)
        #expect(rows.map(\.line) == [1, 2, 4, 5])
        #expect(rows.map(\.cells) == [
            ["No", "Uraian", "Tanggal", "Waktu Lapor", "Jumlah", "Persen", "Aktif", "Rumus", "Jam", "Teks Rumus"],
            ["1", "Budi \"Santoso\" & <Rekan>", "2026-11-23", "2026-11-23 10:30", "1500", "0.125", "TRUE", "", "08:15"],
            ["3", "", "", "", "-2.5"],
            ["", "Kec. Kasemen (Serang)", "3201234567890123"],
        ])
    }

    @Test("a workbook LibreOffice made from CSV: shared strings, its own date formats, a line break")
    func libreOfficeCSV() throws {
        let rows = try XlsxReader.rows(of: XlsxFixtures.libreOfficeCSV)
        #expect(rows.map(\.line) == [1, 2, 3, 5])
        #expect(rows.map(\.cells) == [
            ["No", "Nama", "Tanggal", "Waktu", "Jumlah", "Nilai", "Catatan"],
            ["1", "Siti \"Aminah\" & <Putri>", "2026-11-23", "2026-11-23 10:30", "1500", "2.75", "Kelurahan Cipare"],
            ["2", "Ahmad", "", "", "", "0.5"],
            ["4", "Éka Ñoviant", "2026-12-01", "2026-12-01 07:05", "-3", "1234567.891", "baris satu\nbaris dua"],
        ])
    }

    @Test("a workbook saved by LibreOffice: rich text shared strings and cached formula results")
    func libreOfficeResaved() throws {
        let rows = try XlsxReader.rows(of: XlsxFixtures.libreOfficeResaved)
        #expect(rows.map(\.cells) == [
            ["No", "Uraian", "Tanggal", "Waktu Lapor", "Jumlah", "Persen", "Aktif", "Rumus", "Jam", "Teks Rumus"],
            ["1", "Budi \"Santoso\" & <Rekan>", "2026-11-23", "2026-11-23 10:30", "1500", "0.125", "TRUE", "3000", "08:15", "Kec. Taktakan"],
            ["3", "", "", "", "-2.5"],
            ["", "Kec. Kasemen (Serang)", "3201234567890123"],
        ])
    }

    @Test("the first visible sheet is found through the workbook's relationships, whatever its part is called")
    func firstSheet() throws {
        let workbook = """
            <x:workbook xmlns:x="\(sheetNamespace)" xmlns:rel="\(XlsxWriter.rNamespace)"><x:workbookPr date1904="1"/><x:sheets>
            <x:sheet name="Tersembunyi" sheetId="3" state="hidden" rel:id="rId9"/>
            <x:sheet name="Data" sheetId="1" rel:id="rId7"/><x:sheet name="Lain" sheetId="2" rel:id="rId8"/>
            </x:sheets></x:workbook>
            """
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId8" Type="\(XlsxWriter.relationshipBase)worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId9" Type="\(XlsxWriter.relationshipBase)worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId7" Type="\(XlsxWriter.relationshipBase)worksheet" Target="/xl/data/../worksheets/isi.xml"/>
            </Relationships>
            """
        // Prefixed elements, cells without references, an escaped CR, an ISO date cell, a 1904 serial date.
        let sheet = """
            <x:worksheet xmlns:x="\(sheetNamespace)"><x:sheetData>
            <x:row><x:c t="inlineStr"><x:is><x:t>satu_x000D_
            dua</x:t><x:rPh><x:t>ふりがな</x:t></x:rPh></x:is></x:c><x:c><x:v>7</x:v></x:c><x:c t="d"><x:v>2026-11-23T10:30:00</x:v></x:c></x:row>
            <x:row r="3"><x:c r="B3" s="1"><x:v>44887</x:v></x:c><x:c r="C3" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
            </x:sheetData></x:worksheet>
            """
        let styles = "<styleSheet xmlns=\"\(sheetNamespace)\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"
        let data = try workbookZip([
            "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels + "",
            "xl/worksheets/isi.xml": sheet, "xl/worksheets/sheet1.xml": "<worksheet xmlns=\"\(sheetNamespace)\"/>",
            "xl/styles.xml": styles,
        ], stylesRelationship: true)
        let rows = try XlsxReader.rows(of: data)
        #expect(rows == [
            XlsxRow(line: 1, cells: ["satu\ndua", "7", "2026-11-23 10:30"]),
            XlsxRow(line: 3, cells: ["", "2026-11-23", "#DIV/0!"]),   // 44887 in the 1904 system
        ])
    }
}

@Suite("Xlsx hostile input")
struct XlsxHostileTests {
    @Test("what is not an .xlsx is refused with a message in Indonesian")
    func notXlsx() throws {
        let docx = try sampleReport().data()
        for data in [Data(), Data("No,Nama\n1,Budi\n".utf8), Data("PK\u{3}\u{4}rusak".utf8), docx] {
            #expect(throws: XlsxError.notXlsx) { try XlsxReader.rows(of: data) }
        }
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(count: 504)
        #expect(throws: XlsxError.legacyOrEncrypted) { try XlsxReader.rows(of: ole) }
        #expect(XlsxError.notXlsx.message.contains("bukan berkas Excel"))
        #expect(XlsxError.tooManyRows(limit: 200_000).message == "Lembar kerja melebihi 200.000 baris. Bagi data menjadi beberapa berkas.")
        #expect(XlsxError.partTooLarge("xl/worksheets/sheet1.xml", limit: 50_000_000).message.contains("50 MB"))
    }

    @Test("a ZIP without a workbook, or a workbook without sheets, is refused")
    func missingParts() throws {
        let noWorkbook = try DocxPackage.zip([("[Content_Types].xml", Data("<Types/>".utf8)), ("a.txt", Data("x".utf8))])
        #expect(throws: XlsxError.missingPart("xl/workbook.xml")) { try XlsxReader.rows(of: noWorkbook) }
        let noSheets = try workbookZip(["xl/workbook.xml": "<workbook xmlns=\"\(sheetNamespace)\"><sheets/></workbook>"])
        #expect(throws: XlsxError.noWorksheet) { try XlsxReader.rows(of: noSheets) }
        let missingSheet = try workbookZip(["xl/workbook.xml": Self.oneSheetWorkbook])
        #expect(throws: XlsxError.missingPart("xl/worksheets/sheet1.xml")) { try XlsxReader.rows(of: missingSheet) }
    }

    @Test("values beyond 200,000 rows or 200 columns are refused; empty styled cells there are not")
    func dimensions() throws {
        for (cell, error) in [("A200001", XlsxError.tooManyRows(limit: 200_000)), ("GS1", .tooManyColumns(limit: 200)),
                              ("XFD1048576", .tooManyRows(limit: 200_000)), ("ZZZZZZZZZZZZZZ1", .tooManyColumns(limit: 200))] {
            let data = try oneSheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row><c r=\"\(cell)\"><v>1</v></c></row>")
            #expect(throws: error) { try XlsxReader.rows(of: data) }
        }
        let edge = try oneSheet("<row r=\"200000\"><c r=\"GR200000\"><v>1</v></c><c r=\"XFD200000\" s=\"0\"/></row>")
        #expect(try XlsxReader.rows(of: edge).first?.cells.count == 200)
        let fewer = XlsxReader.Limits(maxRows: 3)
        #expect(throws: XlsxError.tooManyRows(limit: 3)) { try XlsxReader.rows(of: sampleWorkbook().data(), limits: fewer) }
        // A small file whose far-right values would make many empty cells before them.
        let sparse = try oneSheet((1...200).map { "<row r=\"\($0)\"><c r=\"GR\($0)\"><v>1</v></c></row>" }.joined())
        #expect(throws: XlsxError.tooManyCells(limit: 10_000)) { try XlsxReader.rows(of: sparse, limits: XlsxReader.Limits(maxCells: 10_000)) }
        #expect(try XlsxReader.rows(of: sparse, limits: XlsxReader.Limits(maxCells: 40_000)).count == 200)
        #expect(throws: XlsxError.tooManyCells(limit: 5)) { try XlsxReader.rows(of: sampleWorkbook().data(), limits: XlsxReader.Limits(maxCells: 5)) }
    }

    @Test("a part larger than the limit is refused, counted as it is unzipped whatever the entry claims")
    func partSize() throws {
        var sheet = XlsxSheet(name: "x")
        for index in 0..<2_000 { sheet.append([.integer(index)]) }
        let data = try XlsxWorkbook(sheets: [sheet], timeZone: jakarta).data()
        let limits = XlsxReader.Limits(maxPartBytes: 20_000)
        #expect(throws: XlsxError.partTooLarge("xl/worksheets/sheet1.xml", limit: 20_000)) {
            try XlsxReader.rows(of: data, limits: limits)
        }
        // Every entry claims to be 100 bytes: the limit still holds.
        #expect(throws: XlsxError.partTooLarge("xl/worksheets/sheet1.xml", limit: 20_000)) {
            try XlsxReader.rows(of: claimingSize(100, data), limits: limits)
        }
        #expect(XlsxError.partTooLarge("xl/worksheets/sheet1.xml", limit: 50_000_000).message
                == "Berkas terlalu besar: bagian xl/worksheets/sheet1.xml melebihi 50 MB setelah diekstrak.")
    }

    /// `zip` with every local and central header's uncompressed size set to `size`.
    func claimingSize(_ size: UInt32, _ zip: Data) -> Data {
        var bytes = [UInt8](zip)
        func patch(signature: [UInt8], offset: Int) {
            var index = 0
            while index + offset + 4 <= bytes.count {
                if Array(bytes[index..<(index + 4)]) == signature {
                    for shift in 0..<4 { bytes[index + offset + shift] = UInt8(truncatingIfNeeded: size >> (8 * shift)) }
                }
                index += 1
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], offset: 22)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], offset: 24)
        return Data(bytes)
    }

    @Test("malformed XML, a DTD, or a shared string past the table is refused, never a crash")
    func malformed() throws {
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<worksheet xmlns=\"\(sheetNamespace)\"><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"
        for sheet in ["<worksheet><sheetData><row><c><v>1</v></row></sheetData>", "\u{0}\u{1}garbage", "", laughs,
                      "<worksheet xmlns=\"\(sheetNamespace)\"><sheetData><row><c t=\"s\"><v>5</v></c></row></sheetData></worksheet>",
                      "<worksheet xmlns=\"\(sheetNamespace)\"><sheetData><row><c r=\"1A\"><v>5</v></c></row></sheetData></worksheet>"] {
            let data = try workbookZip(["xl/workbook.xml": Self.oneSheetWorkbook, "xl/worksheets/sheet1.xml": sheet])
            #expect(throws: XlsxError.malformed("xl/worksheets/sheet1.xml"), "\(sheet.prefix(40))") { try XlsxReader.rows(of: data) }
        }
        let badWorkbook = try workbookZip(["xl/workbook.xml": "<workbook><sheets>"])
        #expect(throws: XlsxError.malformed("xl/workbook.xml")) { try XlsxReader.rows(of: badWorkbook) }
    }

    /// `PANTAU_XLSX_FUZZ=20000` runs that many damaged copies of each file instead of 100.
    @Test("damaged and truncated files give an XlsxError, never a crash or a hang",
          arguments: ["ours", "openpyxl", "LibreOffice"])
    func damaged(_ source: String) throws {
        let good = switch source {
        case "openpyxl": XlsxFixtures.openpyxl
        case "LibreOffice": XlsxFixtures.libreOfficeResaved
        default: try sampleWorkbook().data()
        }
        for length in [0, 10, 22, good.count / 3, good.count / 2, good.count - 23, good.count - 1] {
            #expect(throws: XlsxError.self) { try XlsxReader.rows(of: good.prefix(length)) }
        }
        let runs = ProcessInfo.processInfo.environment["PANTAU_XLSX_FUZZ"].flatMap { Int($0) } ?? 100
        var generator = SplitMix(seed: 42)
        var read = 0
        for _ in 0..<runs {
            var bytes = [UInt8](good)
            for _ in 0..<(1 + generator.next() % 8) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            if generator.next() % 4 == 0 { bytes.removeLast(Int(generator.next() % UInt64(bytes.count / 2))) }
            if (try? XlsxReader.rows(of: Data(bytes))) != nil { read += 1 }
        }
        #expect(read < runs, "every damaged copy read fine: the damage is not reaching the reader")
    }

    @Test("damaged XML inside a sound ZIP gives rows or an XlsxError, never a crash",
          arguments: ["openpyxl", "LibreOffice"])
    func damagedXML(_ source: String) throws {
        let parts = try unzip(source == "openpyxl" ? XlsxFixtures.openpyxl : XlsxFixtures.libreOfficeResaved)
        let runs = ProcessInfo.processInfo.environment["PANTAU_XLSX_FUZZ"].flatMap { Int($0) } ?? 100
        var generator = SplitMix(seed: 7)
        let targets = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                       "xl/sharedStrings.xml"].filter { parts[$0] != nil }
        let alphabet = Array("<>/=\"&;:# \u{0}rcvtsi0123456789AZ".utf8)
        for _ in 0..<runs {
            var damaged = parts
            let target = targets[Int(generator.next() % UInt64(targets.count))]
            var bytes = [UInt8](damaged[target]!)
            for _ in 0..<(1 + generator.next() % 6) {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
                }
            }
            damaged[target] = Data(bytes)
            let zip = try DocxPackage.zip(damaged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            _ = try? XlsxReader.rows(of: zip)
        }
    }

    static let oneSheetWorkbook = """
        <workbook xmlns="\(sheetNamespace)" xmlns:r="\(XlsxWriter.rNamespace)"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>
        """

    func oneSheet(_ sheetData: String) throws -> Data {
        try workbookZip(["xl/workbook.xml": Self.oneSheetWorkbook,
                         "xl/worksheets/sheet1.xml": "<worksheet xmlns=\"\(sheetNamespace)\"><sheetData>\(sheetData)</sheetData></worksheet>"])
    }
}

@Suite("Xlsx values")
struct XlsxValuesTests {
    @Test("date formats are told from number formats")
    func dateFormats() {
        let cases: [(String, XlsxValues.DateKind?)] = [
            ("dd/mm/yyyy", .date), ("DD/MM/YYYY", .date), ("yyyy\\-mm\\-dd", .date), ("[$-421]d mmmm yyyy;@", .date),
            ("mmm-yy", .date), ("mmmm", .date), ("dd/mm/yyyy hh:mm", .dateTime), ("yyyy-mm-dd h:mm:ss", .dateTime),
            ("h:mm", .time), ("[h]:mm:ss", .time), ("mm:ss", .time), ("h:mm AM/PM", .time),
            ("General", nil), ("0.00", nil), ("#,##0", nil), ("0%", nil), ("0.00E+00", nil), ("@", nil),
            ("\"Rp\" #,##0", nil), ("[Red]#,##0;[Blue]-#,##0", nil), ("#,##0 \"hari\"", nil), ("#,##0_);(#,##0)", nil),
            ("0;\"d\"", nil),
        ]
        for (code, kind) in cases { #expect(XlsxValues.dateKind(code: code) == kind, "\(code)") }
        #expect(XlsxValues.dateKind(numFmtId: 14, code: nil) == .date)
        #expect(XlsxValues.dateKind(numFmtId: 22, code: nil) == .dateTime)
        #expect(XlsxValues.dateKind(numFmtId: 20, code: nil) == .time)
        #expect(XlsxValues.dateKind(numFmtId: 49, code: nil) == nil)
        #expect(XlsxValues.dateKind(numFmtId: 14, code: "General") == nil)   // a file may redefine a built-in id
    }

    @Test("serial dates in both date systems, the 1900 leap day included")
    func serials() {
        #expect(XlsxValues.dateText(serial: 1, kind: .date, date1904: false) == "1900-01-01")
        #expect(XlsxValues.dateText(serial: 59, kind: .date, date1904: false) == "1900-02-28")
        #expect(XlsxValues.dateText(serial: 60, kind: .date, date1904: false) == "1900-02-29")
        #expect(XlsxValues.dateText(serial: 61, kind: .date, date1904: false) == "1900-03-01")
        #expect(XlsxValues.dateText(serial: 46349.4375, kind: .dateTime, date1904: false) == "2026-11-23 10:30")
        #expect(XlsxValues.dateText(serial: 46349.999999, kind: .dateTime, date1904: false) == "2026-11-24 00:00")
        #expect(XlsxValues.dateText(serial: 0, kind: .date, date1904: true) == "1904-01-01")
        #expect(XlsxValues.dateText(serial: 2_958_465, kind: .date, date1904: false) == "9999-12-31")
        #expect(XlsxValues.dateText(serial: 2_958_466, kind: .date, date1904: false) == nil)
        #expect(XlsxValues.dateText(serial: -1, kind: .date, date1904: false) == nil)
        #expect(XlsxValues.dateText(serial: 0.75, kind: .time, date1904: false) == "18:00")
        #expect(XlsxValues.isoDateText("2026-11-23T00:00:00", kind: nil) == "2026-11-23")
        #expect(XlsxValues.isoDateText("2026-11-23", kind: .dateTime) == "2026-11-23 00:00")
        #expect(XlsxValues.isoDateText("bukan tanggal", kind: .date) == "bukan tanggal")
    }

    @Test("numbers as a person reads them")
    func numbers() {
        let cases = [("1", "1"), ("1.0", "1"), ("-0", "0"), ("1E3", "1000"), ("0.125", "0.125"), ("+2.5", "2.5"),
                     ("0.30000000000000004", "0.3"), ("4.4999999999999996", "4.5"), ("3201234567890120", "3201234567890120"),
                     ("1.5E-3", "0.0015"), (" 7 ", "7"), ("abc", "abc"), ("1e400", "1e400")]
        for (stored, shown) in cases { #expect(XlsxValues.numberText(stored) == shown, "\(stored)") }
    }

    @Test("cell references")
    func references() {
        func position(_ reference: String) -> [Int]? { XlsxValues.cellReference(reference).map { [$0.column, $0.row] } }
        #expect(position("A1") == [1, 1])
        #expect(position("$AB$12") == [28, 12])
        #expect(position("xfd1048576") == [16_384, 1_048_576])
        #expect(position("1A") == nil)
        #expect(position("A") == nil)
        #expect(position("A-1") == nil)
        #expect(XlsxText.columnName(1) == "A")
        #expect(XlsxText.columnName(27) == "AA")
        #expect(XlsxText.columnName(16_384) == "XFD")
    }

    @Test("_xHHHH_ sequences: escaped when written, decoded when read")
    func hexSequences() {
        #expect(XlsxText.escapeHexSequences("a_x0041_b") == "a_x005F_x0041_b")
        #expect(XlsxText.decodeHexSequences("a_x005F_x0041_b") == "a_x0041_b")
        #expect(XlsxText.decodeHexSequences("a_x000D_b_x00e9_ _xZZZZ_ _x12_") == "a\rbé _xZZZZ_ _x12_")
    }
}

@Suite("Xlsx sample")
struct XlsxSampleTests {
    /// `PANTAU_XLSX_SAMPLE=/tmp/sample.xlsx swift test --filter XlsxSampleTests` writes the sample
    /// workbook there, for `scripts/check-xlsx.py` or to open in Excel or LibreOffice.
    @Test("writes the sample workbook when PANTAU_XLSX_SAMPLE names a file",
          .enabled(if: ProcessInfo.processInfo.environment["PANTAU_XLSX_SAMPLE"] != nil))
    func writeSample() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PANTAU_XLSX_SAMPLE"])
        let data = try sampleWorkbook().data()
        try data.write(to: URL(fileURLWithPath: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
    }
}

/// A ZIP holding the given parts, with the package and workbook relationships a workbook needs
/// unless the parts bring their own.
func workbookZip(_ parts: [String: String], stylesRelationship: Bool = false) throws -> Data {
    var parts = parts
    parts["[Content_Types].xml", default: "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"] += ""
    parts["_rels/.rels", default: """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="\(XlsxWriter.relationshipBase)officeDocument" Target="xl/workbook.xml"/></Relationships>
        """] += ""
    var workbookRels = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="\(XlsxWriter.relationshipBase)worksheet" Target="worksheets/sheet1.xml"/>
        """
    if stylesRelationship { workbookRels += "<Relationship Id=\"rId99\" Type=\"\(XlsxWriter.relationshipBase)styles\" Target=\"styles.xml\"/>" }
    if let own = parts["xl/_rels/workbook.xml.rels"], stylesRelationship {
        parts["xl/_rels/workbook.xml.rels"] = own.replacingOccurrences(
            of: "</Relationships>", with: "<Relationship Id=\"rId99\" Type=\"\(XlsxWriter.relationshipBase)styles\" Target=\"styles.xml\"/></Relationships>")
    }
    parts["xl/_rels/workbook.xml.rels", default: workbookRels + "</Relationships>"] += ""
    return try DocxPackage.zip(parts.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) })
}

