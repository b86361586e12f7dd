#if canImport(Glibc)
import Glibc
#endif
import PGDump

/// A 1 MiB stdout buffer with the encoders `cat` needs (CSV quoting, JSON strings), so
/// rows are written without building a String per value.
final class BufferedOutput {
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    private var count = 0
    /// Writes at least this long skip the buffer (after flushing it): `cat` hands over whole
    /// decompressed pieces, and copying them first would touch every byte twice.
    private static let directWrite = 64 << 10

    init() {
        // A pipe's default 64 kB buffer makes the writer and the reader (`| wc -l`) take
        // turns every 64 kB; 1 MiB lets each run longer. Best effort: ignored when stdout
        // is not a pipe or the size is not allowed.
        #if os(Linux)
        _ = fcntl(1, 1031 /* F_SETPIPE_SZ, behind _GNU_SOURCE in Glibc */, Int32(1 << 20))
        #endif
    }

    deinit { flush(); buffer.deallocate() }

    func write(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count >= Self.directWrite {
            flush()
            Output.writeAll(1, bytes)
            return
        }
        if bytes.count > buffer.count - count { flush() }
        if bytes.count > 0 { (buffer.baseAddress! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        count += bytes.count
    }

    func write(_ s: String) { write(ArchiveText.bytes(of: s)) }

    func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    func flush() {
        if count > 0 { Output.writeAll(1, UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        count = 0
    }

    /// A value as PostgreSQL's CSV COPY writes it: quoted when it is empty or holds a delimiter,
    /// quote, CR or LF (so NULL, written as nothing, differs from an empty string).
    func writeCSV(_ value: [UInt8]) {
        let needsQuotes = value.isEmpty || value.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { write(value); return }
        var q: [UInt8] = [0x22]
        for b in value { if b == 0x22 { q.append(0x22) }; q.append(b) }
        q.append(0x22)
        write(q)
    }

    /// A JSON string. `latin1`: the bytes are in a single-byte encoding (LATIN1 archives) and
    /// each byte is its Latin-1 character; otherwise bytes that are not valid UTF-8 become U+FFFD.
    func writeJSONString(_ value: [UInt8], latin1: Bool = false) {
        let text = latin1 ? String(String.UnicodeScalarView(value.map { Unicode.Scalar($0) }))
                          : String(decoding: value, as: UTF8.self)
        var out: [UInt8] = [0x22]
        for b in text.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        write(out)
    }
}
