import CLZ4

/// LZ4 frame format decoding (pg_dump 16+ writes one frame per data block or file).
final class LZ4FrameDecoder: Decompressor {
    private var context: OpaquePointer?
    var name: String { "lz4" }

    init() throws {
        let rc = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(rc) == 0 else { throw DecompressionFailure(message: "cannot create an lz4 context") }
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> DecompressStep {
        var srcSize = input.count
        var dstSize = output.count
        let hint = LZ4F_decompress(context, output.baseAddress, &dstSize, input.baseAddress, &srcSize, nil)
        if LZ4F_isError(hint) != 0 {
            throw DecompressionFailure(message: "invalid lz4 data: \(String(cString: LZ4F_getErrorName(hint)))")
        }
        return DecompressStep(consumed: srcSize, produced: dstSize, finished: hint == 0)
    }

    func reset() throws { LZ4F_resetDecompressionContext(context) }
}
