/// How repeated failed sign-ins slow an attacker down. The same rule applies per account and per
/// address, with a higher threshold for an address (an office behind one NAT has many users).
public struct ThrottlePolicy: Sendable, Equatable {
    /// Failures allowed before the first lock.
    public var threshold: Int
    /// Length of the first lock, in seconds; each further failure doubles it.
    public var baseLockSeconds: Int
    public var maxLockSeconds: Int
    /// A counter that saw no failure for this long starts again from zero.
    public var forgetAfterSeconds: Int

    public init(threshold: Int, baseLockSeconds: Int, maxLockSeconds: Int, forgetAfterSeconds: Int) {
        self.threshold = threshold
        self.baseLockSeconds = baseLockSeconds
        self.maxLockSeconds = maxLockSeconds
        self.forgetAfterSeconds = forgetAfterSeconds
    }

    public static let account = ThrottlePolicy(threshold: 5, baseLockSeconds: 30, maxLockSeconds: 3600, forgetAfterSeconds: 86400)
    public static let address = ThrottlePolicy(threshold: 20, baseLockSeconds: 30, maxLockSeconds: 3600, forgetAfterSeconds: 86400)

    /// Seconds to lock after the given number of consecutive failures; 0 means no lock.
    public func lockSeconds(afterFailures failures: Int) -> Int {
        guard failures >= threshold else { return 0 }
        let doublings = min(failures - threshold, 20)
        return min(baseLockSeconds << doublings, maxLockSeconds)
    }
}

/// The state of one throttle counter, and the rule that advances it.
public struct ThrottleState: Sendable, Equatable {
    public var failures: Int
    public var lastFailureAt: Int
    public var lockedUntil: Int

    public init(failures: Int = 0, lastFailureAt: Int = 0, lockedUntil: Int = 0) {
        self.failures = failures
        self.lastFailureAt = lastFailureAt
        self.lockedUntil = lockedUntil
    }

    public func isLocked(at now: Int) -> Bool { lockedUntil > now }

    /// The state after one more failure at `now`.
    public func recordingFailure(at now: Int, policy: ThrottlePolicy) -> ThrottleState {
        let previous = now - lastFailureAt > policy.forgetAfterSeconds ? 0 : failures
        let count = previous + 1
        let lock = policy.lockSeconds(afterFailures: count)
        return ThrottleState(failures: count, lastFailureAt: now, lockedUntil: lock > 0 ? now + lock : 0)
    }
}
