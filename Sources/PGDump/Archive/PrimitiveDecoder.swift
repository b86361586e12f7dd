/// Decodes pg_dump's three primitive encodings: sign-magnitude ints, length-prefixed
/// strings (length -1 = NULL) and flagged data offsets.
struct PrimitiveDecoder {
    let reader: ByteReader
    var intSize: Int
    var offSize: Int

    // `what` (the field, for error messages) is an autoclosure: a TOC of 190,000 entries
    // reads ~20 fields each, and building each description eagerly cost more than reading.

    /// A sign byte, then `intSize` magnitude bytes, least significant first.
    func readInt(_ what: @autoclosure () -> String) throws -> Int64 {
        if intSize <= 8, let b = try reader.takeBuffered(1 + intSize) {
            var magnitude: UInt64 = 0
            for i in 0..<intSize { magnitude |= UInt64(b[1 + i]) << (8 * UInt64(i)) }
            guard magnitude <= UInt64(Int64.max) else {
                throw PGDumpError(
                    .corrupt, "integer too large", file: reader.name, offset: reader.offset - UInt64(1 + intSize),
                    expected: what(), found: "magnitude \(magnitude)")
            }
            return b[0] == 0 ? Int64(magnitude) : -Int64(magnitude)
        }
        let at = reader.offset
        let sign = try reader.readByte(what())
        var magnitude: UInt64 = 0
        for i in 0..<intSize {
            let b = try reader.readByte(what())
            if i < 8 {
                magnitude |= UInt64(b) << (8 * UInt64(i))
            } else if b != 0 {
                throw PGDumpError(
                    .corrupt, "integer too large", file: reader.name, offset: at,
                    expected: what(), found: "a value wider than 64 bits")
            }
        }
        guard magnitude <= UInt64(Int64.max) else {
            throw PGDumpError(
                .corrupt, "integer too large", file: reader.name, offset: at,
                expected: what(), found: "magnitude \(magnitude)")
        }
        return sign == 0 ? Int64(magnitude) : -Int64(magnitude)
    }

    /// An int that must fit pg_dump's C `int` (dump ids, counts, lengths).
    func readInt32(
        _ what: @autoclosure () -> String,
        in range: ClosedRange<Int64> = Int64(Int32.min)...Int64(Int32.max)
    ) throws -> Int32 {
        let at = reader.offset
        let v = try readInt(what())
        guard range.contains(v) else {
            throw PGDumpError(
                .corrupt, "value out of range", file: reader.name, offset: at,
                expected: "\(what()) in \(range.lowerBound)...\(range.upperBound)", found: "\(v)")
        }
        return Int32(v)
    }

    /// A string's length prefix: nil for NULL (-1), else a length in 0...Int32.max.
    private func readStringLength(_ what: () -> String) throws -> Int? {
        let at = reader.offset
        let length = try readInt("length of " + what())
        if length == -1 { return nil }
        guard length >= 0 else {
            throw PGDumpError(
                .corrupt, "invalid string length", file: reader.name, offset: at,
                expected: "length of \(what()) (-1 or more)", found: "\(length)")
        }
        guard length <= Int64(Int32.max) else {
            throw PGDumpError(
                .corrupt, "string length too large", file: reader.name, offset: at,
                expected: "length of \(what())", found: "\(length)")
        }
        return Int(length)
    }

    /// Raw string bytes; nil for NULL (length -1).
    func readStringBytes(_ what: @autoclosure () -> String) throws -> [UInt8]? {
        guard let length = try readStringLength(what) else { return nil }
        return try reader.readBytes(length, what())
    }

    /// A string as text, without losing bytes that are not UTF-8 (see `ArchiveText`).
    /// Strings that fit the reader's buffer (nearly all) are decoded in place, without an array.
    func readString(_ what: @autoclosure () -> String) throws -> String? {
        guard let length = try readStringLength(what) else { return nil }
        if length <= 1 << 16, let bytes = try reader.takeBuffered(length) { return ArchiveText.decode(bytes) }
        return ArchiveText.decode(try reader.readBytes(length, what()))
    }

    enum OffsetField {
        case notSet
        case set(UInt64)
        case noData
    }

    /// A flag byte (1 not set, 2 set, 3 no data), then `offSize` little-endian bytes.
    func readOffset(_ what: @autoclosure () -> String) throws -> OffsetField {
        let at = reader.offset
        let flag = try reader.readByte("data offset flag of " + what())
        var value: UInt64 = 0
        for i in 0..<offSize {
            let b = try reader.readByte("data offset of " + what())
            if i < 8 {
                value |= UInt64(b) << (8 * UInt64(i))
            } else if b != 0 {
                throw PGDumpError(
                    .corrupt, "data offset too large", file: reader.name, offset: at,
                    expected: "data offset of \(what())", found: "a value wider than 64 bits")
            }
        }
        switch flag {
        case 1: return .notSet
        case 2: return .set(value)
        case 3: return .noData
        default:
            throw PGDumpError(
                .corrupt, "invalid data offset flag", file: reader.name, offset: at,
                expected: "1 (not set), 2 (set) or 3 (no data) for \(what())", found: "\(flag)")
        }
    }
}

/// How C's number parsers (`atoi`, `sscanf("%u")`) read a decimal string, which is how
/// pg_restore reads the OIDs and dependency ids that the TOC stores as text.
struct CDecimal {
    var negative = false
    /// The digits' value, saturated above 2^32 (further digits cannot matter to either parser).
    var magnitude: UInt64 = 0
    var saturated = false

    /// Optional leading blanks and sign, then decimal digits; stops at anything else.
    init(_ s: String) {
        var it = s.utf8.makeIterator()
        var c = it.next()
        while let ch = c, ch == 32 || (ch >= 9 && ch <= 13) { c = it.next() }
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            c = it.next()
        }
        while let ch = c, ch >= 48 && ch <= 57 {
            magnitude = magnitude * 10 + UInt64(ch - 48)
            if magnitude > UInt64(UInt32.max) {
                saturated = true
                break
            }
            c = it.next()
        }
    }

    /// `sscanf("%u")`: wraps modulo 2^32 for a sign, UINT_MAX when too large.
    var unsigned32: UInt32 {
        if saturated { return UInt32.max }
        let v = UInt32(truncatingIfNeeded: magnitude)
        return negative ? 0 &- v : v
    }

    /// `atoi` (for the values it can meet: dump ids fit in 32 bits).
    var int32: Int32 {
        let v = Int64(min(magnitude, UInt64(UInt32.max)))
        return Int32(truncatingIfNeeded: negative ? -v : v)
    }
}
