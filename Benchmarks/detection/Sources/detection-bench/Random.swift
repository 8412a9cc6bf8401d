import Foundation

/// A seeded generator (xoshiro256**, seeded through SplitMix64), so a seed gives the same data on
/// every machine and Swift version; the standard library's generator is not seedable.
struct SeededRandom: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 0x1p-60)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }

    /// Poisson with mean `lambda` (Knuth's product method, in chunks of 30 so exp() never underflows).
    mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        var remaining = lambda
        var total = 0
        while remaining > 0 {
            let chunk = min(remaining, 30)
            remaining -= chunk
            let limit = exp(-chunk)
            var product = uniform()
            while product > limit {
                total += 1
                product *= uniform()
            }
        }
        return total
    }
}
