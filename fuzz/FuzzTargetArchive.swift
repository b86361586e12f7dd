// libFuzzer target: custom-format header + TOC (and tar/directory-less detection by content).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzArchiveListing(bytes)
    return 0
}
