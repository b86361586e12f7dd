/// A thread-safe count of stored bytes processed, for progress displays. Long-running
/// work (verify, row counts) adds to it; a display polls `value` on its own schedule,
/// so the hot path costs one uncontended lock per piece of data.
public final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLockLite()
    private var current: UInt64 = 0

    /// A counter at zero.
    public init() {}

    /// The count so far; safe to read from any thread while work adds to it.
    public var value: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Adds `n` bytes to the count (called by the work as it reads).
    public func add(_ n: UInt64) {
        guard n > 0 else { return }
        lock.lock()
        current &+= n
        lock.unlock()
    }

    /// Raises the count to `n` (for work that knows its absolute position).
    public func advance(to n: UInt64) {
        lock.lock()
        if n > current { current = n }
        lock.unlock()
    }
}
