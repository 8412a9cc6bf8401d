import Foundation

/// The time Pantau runs on: whole seconds since 1970, UTC, as the database stores them. One clock
/// is made in the composition root and handed to the store, and everything that asks the time asks
/// it; tests hand in a clock that starts at a fixed instant, so that no test depends on the day it
/// runs.
public struct AppClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock that reads `read` (seconds since 1970, with a fraction).
    public init(_ read: @escaping @Sendable () -> Double) { self.read = read }

    /// The system's clock.
    public static let system = AppClock { Date().timeIntervalSince1970 }

    public func now() -> Int { Int(read().rounded(.down)) }

    /// Milliseconds, where a second is too coarse (sessions begun and revoked in the same second).
    public func nowMillis() -> Int { Int((read() * 1000).rounded(.down)) }

    /// Today's date in Indonesia's western time (WIB), where the desks' days begin.
    public func today() -> LocalDate { LocalDate(epoch: now()) }
}
