import PGDump

/// The value encoders of `cat --format csv / jsonl`, writing straight into the output ring:
/// no String or Array per value, so a table converts at a useful fraction of `cat`'s speed.
extension BufferedOutput {
    /// A value as PostgreSQL's CSV COPY writes it: quoted when it is empty or holds a delimiter,
    /// quote, CR or LF (so NULL, written as nothing, differs from an empty string).
    func writeCSV(_ value: UnsafeRawBufferPointer) {
        let needsQuotes = value.isEmpty || Self.csvNeedsQuotes(value)
        guard needsQuotes else {
            write(value)
            return
        }
        writeByte(0x22)
        writeCSVQuotedContent(value)
        writeByte(0x22)
    }

    /// Bytes of a value inside CSV quotes (its quotes doubled): a whole value, or the next piece
    /// of a long one, since quotes are doubled byte by byte.
    func writeCSVQuotedContent(_ value: UnsafeRawBufferPointer) {
        var runStart = 0
        for (i, b) in value.enumerated() where b == 0x22 {
            write(UnsafeRawBufferPointer(rebasing: value[runStart...i]))  // up to and including the quote
            writeByte(0x22)  // doubled
            runStart = i + 1
        }
        write(UnsafeRawBufferPointer(rebasing: value[runStart...]))
    }

    /// Whether CSV writes a value quoted: when it holds a delimiter, quote, CR or LF (checked
    /// piece by piece for a long value; an empty value is quoted too).
    static func csvNeedsQuotes(_ value: UnsafeRawBufferPointer) -> Bool {
        value.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }

    /// A JSON string. `latin1`: the bytes are in a single-byte encoding (LATIN1 archives) and
    /// each byte is its Latin-1 character; otherwise bytes that are not valid UTF-8 become U+FFFD.
    func writeJSONString(_ value: UnsafeRawBufferPointer, latin1: Bool = false) {
        // Fast path (numbers, plain ASCII text): copied and checked in one pass; anything to
        // escape or validate takes the general path below.
        if writePlainJSONString(value) { return }
        writeByte(0x22)
        if !latin1 && !UTF8Validator.isValid(value) {
            // Rare: let String repair the bytes (U+FFFD per maximal invalid subpart), then escape.
            var repaired = String(decoding: value, as: UTF8.self)
            repaired.withUTF8 { writeJSONStringContent(UnsafeRawBufferPointer($0), latin1: false) }
        } else {
            writeJSONStringContent(value, latin1: latin1)
        }
        writeByte(0x22)
    }

    /// Bytes of a value inside JSON quotes, escaped: a whole value, or the next piece of a long one
    /// (escapes are byte by byte). `latin1` as in `writeJSONString`; otherwise the bytes must be
    /// valid UTF-8 (`UTF8PieceRepair` makes a long value so piece by piece).
    func writeJSONStringContent(_ value: UnsafeRawBufferPointer, latin1: Bool) {
        var runStart = 0
        for (i, b) in value.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C || (latin1 && b >= 0x80) {
            write(UnsafeRawBufferPointer(rebasing: value[runStart..<i]))
            runStart = i + 1
            switch b {
            case 0x22:
                writeByte(0x5C)
                writeByte(0x22)
            case 0x5C:
                writeByte(0x5C)
                writeByte(0x5C)
            case 0x0A:
                writeByte(0x5C)
                writeByte(0x6E)
            case 0x0D:
                writeByte(0x5C)
                writeByte(0x72)
            case 0x09:
                writeByte(0x5C)
                writeByte(0x74)
            case 0x80...:  // a Latin-1 character as two UTF-8 bytes
                writeByte(0xC0 | (b >> 6))
                writeByte(0x80 | (b & 0x3F))
            default:
                let hex: StaticString = "0123456789abcdef"
                writeByte(0x5C)
                writeByte(0x75)
                writeByte(0x30)
                writeByte(0x30)
                writeByte(hex.utf8Start[Int(b >> 4)])
                writeByte(hex.utf8Start[Int(b & 15)])
            }
        }
        write(UnsafeRawBufferPointer(rebasing: value[runStart...]))
    }

    /// `value` as a JSON string, for column keys built once per table.
    static func encodedJSONString(_ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in value {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        return out + [0x22]
    }

    func writeCSV(_ value: [UInt8]) { value.withUnsafeBytes { writeCSV($0) } }

    func writeJSONString(_ value: [UInt8], latin1: Bool = false) {
        value.withUnsafeBytes { writeJSONString($0, latin1: latin1) }
    }
}
