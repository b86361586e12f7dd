#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import PGDump

/// What the command-line tool asks of the operating system beyond the library's `Platform`
/// (PGDump's Support/Platform.swift: the environment, reading, writing and closing descriptors,
/// error texts): the output file, the terminal, signals, the clock and printf formatting.
///
/// Why one file: the tool imports the C library here only, so what it does to the system (it
/// writes only standard output, standard error and a file named by `-f`/`-o`) can be read in
/// this file and the library's.
extension Platform {
    /// Seconds on a clock that never goes back, for rates and time left.
    static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Ends the process now with `code` (no clean-up: output is written as it goes).
    static func exit(_ code: Int32) -> Never { exitProcess(code) }

    /// A broken pipe (`pgdmp cat … | head`) makes `write` fail with EPIPE instead of killing the
    /// process, so the tool can end quietly.
    static func ignoreBrokenPipeSignal() { _ = signal(SIGPIPE, SIG_IGN) }

    /// Whether descriptor `fd` is a terminal (progress is drawn only there).
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    // MARK: Writing

    /// How a `write` ended.
    enum WriteResult {
        /// This many bytes were written.
        case wrote(Int)
        /// Interrupted by a signal before writing anything: try again.
        case interrupted
        /// The reader of the pipe went away.
        case brokenPipe
        /// Any other failure, with the C library's text.
        case failed(String)
    }

    /// One `write` of up to `count` bytes to `fd`, with what a failure means for the tool.
    static func writeOnce(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int) -> WriteResult {
        let n = write(fd, bytes, count: count)
        if n >= 0 { return .wrote(n) }
        if lastCallWasInterrupted { return .interrupted }
        if lastCallHitBrokenPipe { return .brokenPipe }
        return .failed(lastErrorMessage)
    }

    /// Asks for a 1 MiB pipe buffer on `fd` (Linux; best effort: ignored when `fd` is not a
    /// pipe or the size is not allowed). A pipe's default 64 kB makes writer and reader take
    /// turns every 64 kB.
    static func enlargePipeBuffer(_ fd: Int32) {
        #if os(Linux)
        _ = fcntl(fd, 1031 /* F_SETPIPE_SZ, behind _GNU_SOURCE in Glibc */, Int32(1 << 20))
        #endif
    }

    /// Creates or truncates `path` for writing (mode 0644, close-on-exec); the descriptor, or the
    /// C library's text of the failure.
    static func createForWriting(_ path: String) -> Result<Int32, PlatformError> {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        return fd >= 0 ? .success(fd) : .failure(PlatformError(message: lastErrorMessage))
    }

    /// Makes standard output write to `fd` (which stays open too).
    static func redirectStandardOutput(to fd: Int32) -> PlatformError? {
        dup2(fd, 1) < 0 ? PlatformError(message: lastErrorMessage) : nil
    }

    /// A file's identity and kind, to tell whether an output path is an archive being read.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var isDirectory: Bool
    }

    /// The identity of `path` (following symbolic links); nil when it does not exist.
    static func identity(of path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(
            device: UInt64(st.st_dev), inode: UInt64(st.st_ino), isDirectory: (st.st_mode & S_IFMT) == S_IFDIR)
    }

    // MARK: Formatting

    /// printf-style formatting through the C library, so the tool needs Foundation's essentials
    /// only (loading the full Foundation and its ICU data cost ~5 ms per run, more than `list` itself).
    static func format(_ format: String, _ args: [CVarArg]) -> String {
        withVaList(args) { list in
            var buffer = [CChar](repeating: 0, count: 64)
            let n = Int(vsnprintf(&buffer, buffer.count, format, list))
            guard n >= buffer.count else { return text(of: buffer) }
            buffer = [CChar](repeating: 0, count: n + 1)
            return withVaList(args) { again in
                _ = vsnprintf(&buffer, buffer.count, format, again)
                return text(of: buffer)
            }
        }
    }

    /// The text before the terminating NUL of a C buffer.
    private static func text(of buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A failed system call, with the C library's text for it.
struct PlatformError: Error {
    var message: String
}

// The C function whose name the wrapper above reuses, under a name that does not clash.
private func exitProcess(_ code: Int32) -> Never { exit(code) }
