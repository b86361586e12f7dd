#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a clock that never goes back, for rates and time left.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Runs `body` on a new detached thread (a pthread: Foundation's Thread is not in its essentials).
func startThread(_ body: @escaping () -> Void) {
    final class Body { let run: () -> Void; init(_ run: @escaping () -> Void) { self.run = run } }
    let box = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { raw in
        Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
    }, box)
    precondition(rc == 0, "pthread_create failed: \(rc)")
    pthread_detach(thread)
}
