#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the library asks of the operating system, in one place: files and directories,
/// the environment, errors, local time, memory scans, a locale's case mapping, math and threads.
///
/// Why one file: the C library module is imported here only, so porting pgdmp (or auditing
/// what it does to the system: it only reads archives, writes only its own unlinked temporary
/// runs) means reading this file. The rest of the library calls these small, typed functions;
/// each is a thin wrapper the optimizer inlines. The command-line tool extends this type with
/// the calls only it makes (its Output/Platform.swift).
package enum Platform {
    // MARK: Environment and errors

    /// The value of environment variable `name`, or nil when it is not set.
    package static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }

    /// Processors online (at least 1).
    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The most memory this process has held resident so far, in bytes (getrusage's ru_maxrss).
    static var peakResidentBytes: Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
    }

    /// The C library's text for the last failed call's `errno`.
    package static var lastErrorMessage: String { String(cString: strerror(errno)) }

    /// Whether the last failed call was interrupted by a signal (and is to be retried).
    package static var lastCallWasInterrupted: Bool { errno == EINTR }

    /// Whether the last failed write went to a pipe whose reader had gone (EPIPE).
    package static var lastCallHitBrokenPipe: Bool { errno == EPIPE }

    // MARK: Files and directories

    /// What a path or descriptor is, from `stat`/`fstat`.
    struct FileStatus {
        /// The size in bytes (meaningful for regular files).
        var size: UInt64
        /// A regular file (seekable, with a size).
        var isRegularFile: Bool
        /// A directory.
        var isDirectory: Bool

        fileprivate init(_ st: stat) {
            size = UInt64(max(0, st.st_size))
            isRegularFile = (st.st_mode & S_IFMT) == S_IFREG
            isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
        }
    }

    /// The status of `path` (following symbolic links), nil when it cannot be had.
    static func status(ofPath path: String) -> FileStatus? {
        var st = stat()
        return stat(path, &st) == 0 ? FileStatus(st) : nil
    }

    /// The status of an open descriptor; nil when it cannot be had (see ``lastErrorMessage``).
    static func status(ofDescriptor fd: Int32) -> FileStatus? {
        var st = stat()
        return fstat(fd, &st) == 0 ? FileStatus(st) : nil
    }

    /// Opens `path` read-only (close-on-exec); -1 on failure (see ``lastErrorMessage``).
    static func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }

    /// Closes a descriptor this process opened.
    package static func close(_ fd: Int32) { _ = closeDescriptor(fd) }

    /// Reads up to `count` bytes at `offset` (`pread`); -1 on failure. Callers range-check the
    /// offset first: `off_t` is signed.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer?, count: Int, at offset: UInt64) -> Int {
        precondition(offset <= UInt64(Int64.max), "offset range-checked by the caller")
        return pread(fd, buffer, count, off_t(offset))
    }

    /// Reads up to `count` bytes at the descriptor's position (a pipe, a terminal); -1 on failure.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer?, count: Int) -> Int {
        readDescriptor(fd, buffer, count)
    }

    /// Writes up to `count` bytes at the descriptor's position; -1 on failure.
    package static func write(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int) -> Int {
        writeDescriptor(fd, bytes, count)
    }

    /// Writes up to `count` bytes at `offset` (`pwrite`); -1 on failure.
    static func write(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int, at offset: UInt64) -> Int {
        precondition(offset <= UInt64(Int64.max), "offset range-checked by the caller")
        return pwrite(fd, bytes, count, off_t(offset))
    }

    /// `$TMPDIR`, or `/tmp` when it is unset or empty: where pgdmp's unlinked temporary files go.
    static var temporaryDirectory: String {
        environment("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// The names in directory `path` (without `.` and `..`), unsorted; nil when it cannot be read.
    static func directoryEntries(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A new temporary file in `directory`, already unlinked (its space is freed when the
    /// descriptor closes, whatever ends the process); -1 on failure (see ``lastErrorMessage``).
    static func unlinkedTemporaryFile(in directory: String, prefix: String) -> Int32 {
        var template = Array((directory + "/" + prefix + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        return fd
    }

    // MARK: Time

    /// The instant of broken-down local time fields (`struct tm`: month 0–11, year since 1900),
    /// by `mktime` in this process's time zone, retried with isdst = -1 if that fails (as
    /// pg_restore does); nil when neither works.
    static func localTimestamp(
        second: Int32, minute: Int32, hour: Int32, day: Int32, month: Int32, year: Int32, isDST: Int32
    ) -> Int? {
        func fields() -> tm {
            var t = tm()
            t.tm_sec = second
            t.tm_min = minute
            t.tm_hour = hour
            t.tm_mday = day
            t.tm_mon = month
            t.tm_year = year
            t.tm_isdst = isDST
            return t
        }
        var t = fields()
        var result = mktime(&t)
        if result == -1 {
            t = fields()
            t.tm_isdst = -1
            result = mktime(&t)
        }
        return result == -1 ? nil : Int(result)
    }

    /// Seconds since the epoch, formatted with `strftime` in the local time zone; nil when the
    /// time cannot be represented.
    static func localTime(_ seconds: Int, format: String) -> String? {
        var clock = time_t(seconds)
        var local = tm()
        guard localtime_r(&clock, &local) != nil else { return nil }
        var buf = [Int8](repeating: 0, count: 128)
        let n = strftime(&buf, buf.count, format, &local)
        guard n > 0 else { return nil }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Memory

    /// The first byte equal to `byte` in `count` bytes from `start` (`memchr`), or nil.
    @inline(__always)
    package static func firstByte(_ byte: UInt8, in start: UnsafeRawPointer, count: Int) -> UnsafeRawPointer? {
        UnsafeRawPointer(memchr(start, Int32(byte), count))
    }

    /// Whether `count` bytes at `a` and `b` are equal (`memcmp`).
    @inline(__always)
    static func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(a, b, count) == 0
    }

    /// A C copy of `text` for a C API, released with ``freeCString(_:)``.
    static func cString(_ text: String) -> UnsafeMutablePointer<CChar>? { strdup(text) }

    /// Releases a copy made by ``cString(_:)``.
    static func freeCString(_ p: UnsafeMutablePointer<CChar>?) { free(p) }

    // MARK: Math

    /// The sine of `x` radians.
    static func sine(_ x: Double) -> Double { sin(x) }

    /// The base-10 logarithm of `x`.
    static func logarithm10(_ x: Double) -> Double { log10(x) }

    // MARK: Locale

    /// Case mapping of Unicode scalars under a named LC_CTYPE with this machine's C library
    /// tables (`towlower_l`/`towupper_l`), as a PostgreSQL server with the libc provider does it.
    final class CaseLocale: @unchecked Sendable {
        private let locale: locale_t

        /// The locale `name` as installed here; nil when this machine does not have it.
        init?(named name: String) {
            guard let l = newlocale(LC_CTYPE_MASK, name, nil) else { return nil }
            locale = l
        }

        deinit { freelocale(locale) }

        /// `scalar` in lower or upper case; nil when the C library's function is unavailable.
        func map(_ scalar: UInt32, upper: Bool) -> UInt32? {
            guard let f = upper ? Self.towupper : Self.towlower else { return nil }
            return f(scalar, locale)
        }

        /// glibc's towlower_l/towupper_l (wint_t is 32 bits there); the Glibc module does not import
        /// <wctype.h>'s locale variants, so they are looked up once by name.
        private typealias WideCaseFunction = @convention(c) (UInt32, locale_t) -> UInt32
        private static let towlower: WideCaseFunction? = symbol("towlower_l")
        private static let towupper: WideCaseFunction? = symbol("towupper_l")
        private static func symbol(_ name: String) -> WideCaseFunction? {
            guard let handle = dlopen(nil, RTLD_NOW), let p = dlsym(handle, name) else { return nil }
            return unsafeBitCast(p, to: WideCaseFunction.self)
        }
    }
}

// The C functions whose names the wrappers above reuse, under names that do not clash.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func readDescriptor(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

// MARK: - Threads (pthreads: Foundation's are not in its essentials)

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
