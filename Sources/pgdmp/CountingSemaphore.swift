#if canImport(Glibc)
import Glibc
#endif

/// A counting semaphore on a pthread mutex and condition variable. (Dispatch's traps when
/// it is released with a lower count than it started with, which a buffer ring does.)
final class CountingSemaphore: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var value: Int

    init(_ value: Int) {
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
    func wait() {
        pthread_mutex_lock(mutex)
        while value == 0 { pthread_cond_wait(condition, mutex) }
        value -= 1
        pthread_mutex_unlock(mutex)
    }

    func signal() {
        pthread_mutex_lock(mutex)
        value += 1
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }
}
