// libFuzzer target: custom-format data blocks (decompression, block framing, COPY lines).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzArchiveData(bytes)
    return 0
}
