/// What one call to a decompressor did.
package struct DecompressStep {
    package var consumed: Int
    package var produced: Int
    /// The compressed stream (frame, member) ended in this call.
    package var finished: Bool
}

/// A streaming decoder for one compressed stream. Input arrives in pieces of any size
/// (pg_dump's chunk boundaries are arbitrary), output goes into a caller's buffer.
/// Errors are plain messages; `EntryDataReader` adds the file, offset and entry.
package protocol Decompressor: AnyObject {
    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> DecompressStep
    /// Prepares for another stream (a second gzip member or zstd frame) after `finished`.
    func reset() throws
    /// The name in messages (e.g. `zlib inflate`).
    var name: String { get }
}

/// The deflate wrappers pg_dump uses: custom-format blocks are zlib streams (RFC 1950);
/// directory-format `.gz` files are real gzip files (RFC 1952).
package enum DeflateWrapper: Sendable {
    case zlib, gzip
}

/// Which inflate implementation to use. ISA-L's igzip is 2–3× faster than zlib; zlib stays as the
/// reference and fallback (`PGDMP_INFLATE=zlib`).
public enum InflateBackend: String, Sendable, CaseIterable {
    /// Intel's ISA-L igzip: the default, 2–3× faster than zlib.
    case isal
    /// zlib's inflate: the reference implementation.
    case zlib

    /// `PGDMP_INFLATE` if set to a known backend, else ISA-L.
    public static var `default`: InflateBackend {
        if let v = Platform.environment("PGDMP_INFLATE"), let b = InflateBackend(rawValue: v) { return b }
        return .isal
    }
}

struct DecompressionFailure: Error {
    var message: String
    /// The input was well-formed up to where it ended (vs. invalid bytes).
    var isTruncation = false
    /// Input bytes of this step the decoder had read when it failed (where the damage was found).
    var consumed = 0
}

/// Uncompressed data: bytes pass through unchanged.
final class PassThrough: Decompressor {
    var name: String { "none" }
    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> DecompressStep {
        let n = min(input.count, output.count)
        if n > 0 { output.baseAddress!.copyMemory(from: input.baseAddress!, byteCount: n) }
        return DecompressStep(consumed: n, produced: n, finished: false)
    }
    func reset() throws {}
}

package enum Decompressors {
    /// The decoder for one algorithm. `nil` for `.none`: callers pass bytes through without copying.
    package static func make(
        _ algorithm: CompressionAlgorithm, wrapper: DeflateWrapper = .zlib,
        backend: InflateBackend = .default
    ) throws -> Decompressor? {
        switch algorithm {
        case .none: return nil
        case .gzip:
            switch backend {
            case .isal: return ISALInflater(wrapper: wrapper)
            case .zlib: return try ZlibInflater(wrapper: wrapper)
            }
        case .lz4: return try LZ4FrameDecoder()
        case .zstd: return try ZstdFrameDecoder()
        }
    }
}
