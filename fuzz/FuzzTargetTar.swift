// libFuzzer target: tar container (detected by content), header/TOC listing and data reading.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzArchiveListing(bytes)
    fuzzArchiveData(bytes)
    return 0
}
