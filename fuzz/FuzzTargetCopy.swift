// libFuzzer target: COPY text stream scanning and field decoding on raw bytes.
import PGDump

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    // Split the input in two pieces at a data-dependent point to exercise piece boundaries.
    let cut = size == 0 ? 0 : Int(data[0]) % (size + 1)
    var scanner = CopyStreamScanner()
    var ranges: [Range<Int>] = []
    for piece in [UnsafeRawBufferPointer(rebasing: raw[0..<cut]), UnsafeRawBufferPointer(rebasing: raw[cut..<size])] {
        scanner.scan(piece) { line in
            CopyText.fieldRanges(line, into: &ranges)
            for r in ranges {
                let field = UnsafeRawBufferPointer(rebasing: line[r])
                _ = CopyText.isNull(field)
                _ = CopyText.decode(field)
                _ = CopyText.decodedLength(field)
            }
        }
    }
    _ = try? scanner.finish()
    var counter = CopyStreamScanner(rowLimit: 3)
    counter.scan(raw)
    _ = try? counter.finish()
    _ = CopyText.decode(raw)
    _ = CopyText.decodedLength(raw)
    _ = CopyStatement(String(decoding: raw, as: UTF8.self))
    return 0
}
