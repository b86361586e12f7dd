/// Where archive bytes come from: a regular file (seekable, size known) or a stream
/// (standard input, a pipe) that can only be read forward.
package protocol ByteSource: AnyObject {
    /// Name used in error messages (`-` for standard input).
    var name: String { get }
    /// Total size in bytes, when known (regular files).
    var size: UInt64? { get }
    /// Whether `read(into:at:)` may be called with any offset.
    var isSeekable: Bool { get }
    /// Reads up to `buffer.count` bytes starting at `offset`; returns 0 at end of input.
    /// Non-seekable sources only accept the offset right after the previous read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int
}

/// A file descriptor based source: regular files are read with `pread`, anything
/// else (pipes, terminals, standard input) with `read`, forward only.
package final class FileByteSource: ByteSource {
    package let name: String
    package let size: UInt64?
    package let isSeekable: Bool
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var streamOffset: UInt64 = 0

    /// Opens `path` read-only; pgdmp never opens an archive for writing.
    package convenience init(path: String) throws {
        let fd = Platform.openForReading(path)
        guard fd >= 0 else {
            throw PGDumpError(.io, "cannot open: \(Platform.lastErrorMessage)", file: path)
        }
        try self.init(fd: fd, name: path, ownsDescriptor: true)
    }

    /// Wraps standard input.
    package static func standardInput() throws -> FileByteSource {
        try FileByteSource(fd: 0, name: "-", ownsDescriptor: false)
    }

    private init(fd: Int32, name: String, ownsDescriptor: Bool) throws {
        self.fd = fd
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        guard let st = Platform.status(ofDescriptor: fd) else {
            let msg = Platform.lastErrorMessage
            if ownsDescriptor { Platform.close(fd) }
            throw PGDumpError(.io, "cannot stat: \(msg)", file: name)
        }
        if st.isDirectory {
            if ownsDescriptor { Platform.close(fd) }
            throw PGDumpError(.usage, "is a directory", file: name)
        }
        if st.isRegularFile {
            self.size = st.size
            self.isSeekable = true
        } else {
            self.size = nil
            self.isSeekable = false
        }
    }

    deinit {
        if ownsDescriptor { Platform.close(fd) }
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let n: Int
            if isSeekable {
                // An offset from the archive (a TOC data offset, a tar member position) may be any
                // 64-bit value; `off_t` is signed, so range-check before converting.
                guard offset <= UInt64(Int64.max) - UInt64(buffer.count) else {
                    throw PGDumpError(
                        .corrupt, "offset beyond any file", file: name, offset: offset,
                        expected: "an offset below 2^63", found: "\(offset)")
                }
                n = Platform.read(fd, into: buffer.baseAddress, count: buffer.count, at: offset)
            } else {
                guard offset == streamOffset else {
                    throw PGDumpError(
                        .usage, "cannot go back in a stream that can only be read forward",
                        file: name, offset: offset,
                        expected: "offset \(streamOffset)", found: "request for offset \(offset)")
                }
                n = Platform.read(fd, into: buffer.baseAddress, count: buffer.count)
            }
            if n < 0 {
                if Platform.lastCallWasInterrupted { continue }
                throw PGDumpError(.io, "read failed: \(Platform.lastErrorMessage)", file: name, offset: offset)
            }
            if !isSeekable { streamOffset += UInt64(n) }
            return n
        }
    }
}

/// Bytes already in memory: used by tests, by fuzz targets and for small members.
package final class MemoryByteSource: ByteSource {
    package let name: String
    package let bytes: [UInt8]
    package var size: UInt64? { UInt64(bytes.count) }
    package let isSeekable: Bool

    package init(_ bytes: [UInt8], name: String = "<memory>", seekable: Bool = true) {
        self.bytes = bytes
        self.name = name
        self.isSeekable = seekable
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        guard offset < UInt64(bytes.count) else { return 0 }
        let start = Int(offset)
        let n = min(buffer.count, bytes.count - start)
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + start, byteCount: n)
        }
        return n
    }
}
