import Dispatch
#if canImport(Glibc)
import Glibc
#endif

// The few threading tools pgdmp uses, on pthreads and Dispatch only (no Foundation).

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

/// A pthread mutex: Foundation-free, for the few shared counters of a parallel scan. The mutex
/// lives at a fixed allocated address (a class's stored property has none).
final class NSLockLite: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// A counting semaphore on a pthread mutex and condition variable. (Dispatch's traps when
/// it is released with a lower count than it started with, which a buffer ring does.)
package final class CountingSemaphore: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var value: Int

    package init(_ value: Int) {
        self.value = value
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Takes one unit, waiting until there is one.
    package func wait() {
        pthread_mutex_lock(mutex)
        while value == 0 { pthread_cond_wait(condition, mutex) }
        value -= 1
        pthread_mutex_unlock(mutex)
    }

    package func signal() {
        pthread_mutex_lock(mutex)
        value += 1
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }
}

/// Runs `body` on a new detached thread (a pthread: Foundation's Thread is not in its essentials).
package func startThread(_ body: @escaping () -> Void) {
    final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
    let box = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(
        &thread, nil,
        { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, box)
    precondition(rc == 0, "pthread_create failed: \(rc)")
    pthread_detach(thread)
}
