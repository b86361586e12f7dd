#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a clock that never goes back, for rates and time left.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
