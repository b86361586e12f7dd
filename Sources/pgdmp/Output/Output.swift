#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PGDump
import ArgumentParser

/// Writing to stdout/stderr without Foundation's buffering surprises, and the one place
/// that turns errors into messages and exit codes.
enum Output {
    /// Writes text for people: archive bytes that are not UTF-8 (e.g. from a LATIN1 dump)
    /// are shown as the Latin-1 characters they most likely are.
    static func write(_ s: String) {
        var text = ArchiveText.readable(s)
        text.withUTF8 { writeAll(1, UnsafeRawBufferPointer($0)) }
    }

    /// Writes text that must match pg_restore byte for byte (`list`, `schema`): archive strings
    /// get their original bytes back (see `ArchiveText`).
    static func writeArchiveBytes(_ s: String) {
        ArchiveText.bytes(of: s).withUnsafeBytes { writeAll(1, $0) }
    }

    static func writeAll(_ fd: Int32, _ buf: UnsafeRawBufferPointer) {
        var done = 0
        while done < buf.count {
            switch Platform.writeOnce(fd, buf.baseAddress! + done, count: buf.count - done) {
            case .wrote(let n): done += n
            case .interrupted: continue
            case .brokenPipe: Platform.exit(0)
            case .failed(let message):
                writeStandardError("pgdmp: write failed: \(message)\n")
                Platform.exit(2)
            }
        }
    }

    static func error(_ message: String) {
        writeStandardError("pgdmp: \(message)\n")
    }

    /// Writes to file descriptor 2 directly: the C library's `stderr` is a mutable global, which
    /// Swift 6's strict concurrency does not let code read, and stderr is unbuffered anyway.
    static func writeStandardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                switch Platform.writeOnce(2, bytes.baseAddress! + done, count: bytes.count - done) {
                case .wrote(let n) where n > 0: done += n
                case .interrupted: continue
                default: return
                }
            }
        }
    }

    /// Every command's `--json` document: an object with a `formatVersion` (docs/json.md
    /// describes each shape; the version changes when a field is removed or changes meaning).
    static func json<T: Encodable>(_ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try enc.encode(Versioned(value: value))
        write(String(decoding: data, as: UTF8.self) + "\n")  // readable: JSON is UTF-8
    }
}

/// JSON format version of every `--json` document.
let jsonFormatVersion = 1

/// A command's JSON object with `formatVersion` added beside its own keys.
private struct Versioned<T: Encodable>: Encodable {
    let value: T
    enum Key: String, CodingKey { case formatVersion }
    func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(jsonFormatVersion, forKey: .formatVersion)
    }
}

/// Runs a command body, mapping library errors to one message on stderr and exit code 2.
func runReporting(_ body: () throws -> Int32) throws {
    Platform.ignoreBrokenPipeSignal()
    do {
        let code = try body()
        if code != 0 { throw ExitCode(code) }
    } catch let e as PGDumpError {
        Output.error(ArchiveText.readable(e.description))
        throw ExitCode(2)
    } catch let e as TargetError {
        Output.error(e.description)  // one line, password-free (see TargetError)
        throw ExitCode(2)
    }
}
