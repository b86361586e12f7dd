/// One 512-byte ustar member header: enough of it to find a member's name, size and type.
package struct TarHeader: Sendable {
    package var name: String
    package var size: UInt64
    package var typeFlag: UInt8

    /// Checks the header checksum (the only reliable signature for tar, which has old variants without `ustar`).
    static func looksLikeHeader(_ block: [UInt8]) -> Bool {
        guard block.count >= 512 else { return false }
        guard let stored = parseOctal(block[148..<156]) else { return false }
        var sum: UInt64 = 0
        for i in 0..<512 { sum += (i >= 148 && i < 156) ? 32 : UInt64(block[i]) }
        return sum == stored && block[0] != 0
    }

    /// Parses a header block. Returns nil for an all-zero block (end of archive).
    static func parse(_ block: [UInt8], at offset: UInt64, file: String) throws -> TarHeader? {
        if block.allSatisfy({ $0 == 0 }) { return nil }
        guard looksLikeHeader(block) else {
            throw PGDumpError(
                .corrupt, "invalid tar header", file: file, offset: offset,
                expected: "a tar member header with a valid checksum",
                found: HeaderReader.describe(Array(block.prefix(16))))
        }
        let nameBytes = block[0..<100].prefix { $0 != 0 }
        var name = String(decoding: nameBytes, as: UTF8.self)
        if block[257..<262].elementsEqual("ustar".utf8) {
            let prefix = block[345..<500].prefix { $0 != 0 }
            if !prefix.isEmpty { name = String(decoding: prefix, as: UTF8.self) + "/" + name }
        }
        guard let size = parseOctal(block[124..<136]) else {
            throw PGDumpError(
                .corrupt, "invalid tar member size", file: file, offset: offset + 124,
                expected: "an octal number", found: HeaderReader.describe(Array(block[124..<136])))
        }
        return TarHeader(name: name, size: size, typeFlag: block[156])
    }

    static func parseOctal(_ field: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var sawDigit = false
        for b in field {
            if b == 0 || b == 32 { if sawDigit { break } else { continue } }
            guard b >= 48 && b <= 55 else { return nil }
            guard value < (UInt64.max >> 3) else { return nil }
            value = value * 8 + UInt64(b - 48)
            sawDigit = true
        }
        return sawDigit ? value : nil
    }
}
