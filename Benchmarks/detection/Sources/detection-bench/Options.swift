import Foundation
import PantauCore

struct Options {
    var wilayah = ProcessInfo.processInfo.environment["PANTAU_WILAYAH"] ?? "/work/shared/data/wilayah/wilayah.csv.gz"
    var provinces = ["36", "64"]
    var kecamatanSample: Int?
    var seed: UInt64 = 20_240_101
    var start = LocalDate("2024-01-01")!
    var days = 365
    var outbreaks = 300
    var size = 4.0
    var sizes: [Double] = []
    var lengths = 2...7
    var rateScale = 1.0
    var sweep = false
    var spread = RegionLevel.desaKelurahan
    var maximumFalseAlerts = 1.0
    var minimumSpecificity = 0.97

    static let usage = """
    detection-bench: sensitivity, specificity, PPV and delay of the early-warning rules on synthetic data.

      --wilayah PATH          regions list kode,nama (.csv or .csv.gz); default /work/shared/data/wilayah/wilayah.csv.gz or $PANTAU_WILAYAH
      --provinces 36,64|all   provinsi whose desa are simulated (default 36,64: Banten, Kalimantan Timur)
      --kecamatan-sample N    only N kecamatan drawn at random from those provinsi
      --seed N                random seed (default 20240101)
      --start YYYY-MM-DD      first simulated day (default 2024-01-01)
      --days N                simulated days (default 365)
      --outbreaks N           planted outbreaks (default 300)
      --size X                mean extra reports a day during an outbreak (Poisson; default 4)
      --sizes 1,2,3           also a table of sensitivity by outbreak size
      --min-length N          shortest outbreak in days (default 2)
      --max-length N          longest outbreak in days (default 7)
      --rate-scale X          multiplies every desa's background rate (default 1)
      --spread desa|kecamatan|kabkota   where an outbreak's reports land: its desa (default), any desa of its kecamatan or of its kab/kota
      --sweep                 search k, minSigma, minimumCount, window and level per detector
      --max-false X           false alerts a week per 100 kecamatan a sweep's second table allows (default 1)
      --min-spec X            specificity a sweep result must reach (default 0.97)
    """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var minLength = 2, maxLength = 7
        var iterator = arguments.makeIterator()
        func value(_ name: String) throws -> String {
            guard let next = iterator.next() else { throw BenchError("\(name) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible>(_ name: String) throws -> T {
            let text = try value(name)
            guard let parsed = T(text) else { throw BenchError("\(name): not a number: \(text)") }
            return parsed
        }
        while let argument = iterator.next() {
            switch argument {
            case "--wilayah": options.wilayah = try value(argument)
            case "--provinces":
                let text = try value(argument)
                options.provinces = text == "all" ? [] : text.split(separator: ",").map(String.init)
            case "--kecamatan-sample": options.kecamatanSample = try number(argument)
            case "--seed": options.seed = try number(argument)
            case "--start":
                let text = try value(argument)
                guard let date = LocalDate(text) else { throw BenchError("--start: not a date: \(text)") }
                options.start = date
            case "--days": options.days = try number(argument)
            case "--outbreaks": options.outbreaks = try number(argument)
            case "--size": options.size = try number(argument)
            case "--sizes":
                options.sizes = try value(argument).split(separator: ",").map { text in
                    guard let size = Double(text) else { throw BenchError("--sizes: not a number: \(text)") }
                    return size
                }
            case "--min-length": minLength = try number(argument)
            case "--max-length": maxLength = try number(argument)
            case "--rate-scale": options.rateScale = try number(argument)
            case "--sweep": options.sweep = true
            case "--spread":
                switch try value(argument) {
                case "desa": options.spread = .desaKelurahan
                case "kecamatan": options.spread = .kecamatan
                case "kabkota": options.spread = .kabupatenKota
                case let other: throw BenchError("--spread: desa, kecamatan or kabkota, not \(other)")
                }
            case "--max-false": options.maximumFalseAlerts = try number(argument)
            case "--min-spec": options.minimumSpecificity = try number(argument)
            case "--help", "-h":
                print(usage)
                exit(0)
            default: throw BenchError("unknown option \(argument)\n\n\(usage)")
            }
        }
        guard minLength >= 1, maxLength >= minLength else { throw BenchError("outbreak lengths must be 1 <= min <= max") }
        guard options.days >= 60 else { throw BenchError("--days must be at least 60") }
        guard options.size >= 0, options.rateScale > 0 else { throw BenchError("--size must be >= 0 and --rate-scale > 0") }
        options.lengths = minLength...maxLength
        return options
    }
}
