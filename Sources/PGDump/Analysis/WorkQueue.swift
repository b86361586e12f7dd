import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` once for each index in `0..<count` on up to `workers` threads; each thread
/// takes the next index when it is free, so long items do not hold up short ones.
/// Callers order the indices (largest first) and keep results per index, so nothing they
/// report depends on which thread ran what.
func forEachConcurrently(_ count: Int, workers: Int, _ body: (Int) -> Void) {
    guard count > 0 else { return }
    let lock = NSLockLite()
    var next = 0
    DispatchQueue.concurrentPerform(iterations: min(max(1, workers), count)) { _ in
        while true {
            lock.lock()
            let i = next
            next += 1
            lock.unlock()
            guard i < count else { return }
            body(i)
        }
    }
}

/// A pthread mutex: Foundation-free, for the few shared counters of a parallel scan.
final class NSLockLite {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}
