import CZlib

/// zlib's inflate: the reference implementation, and the fallback when ISA-L is not wanted.
final class ZlibInflater: Decompressor {
    private var stream = z_stream()
    private let wrapper: DeflateWrapper
    var name: String { "zlib inflate" }

    init(wrapper: DeflateWrapper) throws {
        self.wrapper = wrapper
        let bits: Int32 = wrapper == .zlib ? 15 : 31
        let rc = inflateInit2_(&stream, bits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw DecompressionFailure(message: "zlib inflateInit failed (\(rc))") }
    }

    deinit { inflateEnd(&stream) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> DecompressStep {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(output.count)
        let rc = inflate(&stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.avail_in)
        let produced = output.count - Int(stream.avail_out)
        switch rc {
        case Z_OK: return DecompressStep(consumed: consumed, produced: produced, finished: false)
        case Z_BUF_ERROR: return DecompressStep(consumed: consumed, produced: produced, finished: false)
        case Z_STREAM_END: return DecompressStep(consumed: consumed, produced: produced, finished: true)
        default:
            let msg = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
            throw DecompressionFailure(
                message: "invalid \(wrapper == .zlib ? "zlib" : "gzip") data: \(msg)",
                consumed: consumed)
        }
    }

    func reset() throws {
        guard inflateReset(&stream) == Z_OK else { throw DecompressionFailure(message: "zlib inflateReset failed") }
    }
}
