import CZstd

/// Zstandard decoding (pg_dump 16+ writes one frame per data block or file). The window
/// limit stays at libzstd's default 2^27, which covers pg_dump's `long` mode and keeps
/// a hostile frame from claiming gigabytes.
final class ZstdFrameDecoder: Decompressor {
    private let stream: OpaquePointer
    var name: String { "zstd" }

    init() throws {
        guard let s = ZSTD_createDStream() else { throw DecompressionFailure(message: "cannot create a zstd stream") }
        stream = s
        ZSTD_initDStream(stream)
    }

    deinit { ZSTD_freeDStream(stream) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> DecompressStep {
        var inBuf = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outBuf = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let rc = ZSTD_decompressStream(stream, &outBuf, &inBuf)
        if ZSTD_isError(rc) != 0 {
            throw DecompressionFailure(message: "invalid zstd data: \(String(cString: ZSTD_getErrorName(rc)))")
        }
        return DecompressStep(consumed: inBuf.pos, produced: outBuf.pos, finished: rc == 0)
    }

    func reset() throws { ZSTD_DCtx_reset(stream, ZSTD_reset_session_only) }
}
