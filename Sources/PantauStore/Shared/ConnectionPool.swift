/// Indexes of idle connections; a task that finds none waits its turn, in order. A pool of one is
/// the single writer's lock.
actor ConnectionPool {
    private var idle: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(count: Int) { idle = Array((0..<count).reversed()) }

    func acquire() async -> Int {
        if let index = idle.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ index: Int) {
        if waiters.isEmpty {
            idle.append(index)
        } else {
            waiters.removeFirst().resume(returning: index)
        }
    }

    /// Runs `body` with a connection index that no other task holds meanwhile.
    nonisolated func with<T: Sendable>(_ body: (Int) async throws -> T) async throws -> T {
        let index = await acquire()
        do {
            let result = try await body(index)
            await release(index)
            return result
        } catch {
            await release(index)
            throw error
        }
    }
}
