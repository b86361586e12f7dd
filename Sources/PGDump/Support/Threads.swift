import Dispatch

// Work spread over threads with Dispatch; the pthread primitives (a lock, a counting semaphore,
// a detached thread) are in Platform.swift with the rest of what pgdmp asks of the system.

/// Runs `body` once for each index in `0..<count` on up to `workers` threads; each thread
/// takes the next index when it is free, so long items do not hold up short ones.
/// Callers order the indices (largest first) and keep results per index, so nothing they
/// report depends on which thread ran what.
func forEachConcurrently(_ count: Int, workers: Int, _ body: (Int) -> Void) {
    guard count > 0 else { return }
    withoutActuallyEscaping(body) { body in
        let queue = WorkQueue(count: count, body: body)
        DispatchQueue.concurrentPerform(iterations: min(max(1, workers), count)) { _ in
            while let i = queue.take() { queue.body(i) }
        }
    }
}

/// The indices `forEachConcurrently` hands out, and the body it runs on each. The body is not
/// `@Sendable`: its callers write each index's result to its own slot, so no two threads touch
/// the same state, which the type system cannot see (hence `@unchecked`).
private final class WorkQueue: @unchecked Sendable {
    let body: (Int) -> Void
    private let count: Int
    private var next = 0
    private let lock = NSLockLite()

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// The next index to run, or nil when all have been handed out.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
