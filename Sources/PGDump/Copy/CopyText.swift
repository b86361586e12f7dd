/// COPY text format, as pg_dump writes it: fields separated by TAB, `\N` for NULL,
/// backslash escapes for backslash, control characters and the delimiter; the server
/// also accepts octal `\ooo` and hex `\xHH` and treats `\c` as `c`.
public enum CopyText {
    /// Byte ranges of the raw (still escaped) fields of one line.
    ///
    /// Inlinable: it runs once per row of `cat --format csv/jsonl`, where a call into the library
    /// per row was a measurable part of the time.
    @inlinable
    public static func fieldRanges(_ line: UnsafeRawBufferPointer, into ranges: inout [Range<Int>]) {
        fieldRanges(line, into: &ranges, upTo: Int.max)
    }

    /// Like `fieldRanges(_:into:)`, but stops once field `last` is found (fields after it are not needed).
    @inlinable @inline(__always)
    public static func fieldRanges(_ line: UnsafeRawBufferPointer, into ranges: inout [Range<Int>], upTo last: Int) {
        // The array is overwritten in place and cut only when a row has fewer fields than the one
        // before: `removeAll(keepingCapacity:)` per row was a twentieth of `cat --format jsonl`. The
        // slots it already has are written through one buffer pointer per row, so a wide row costs
        // no uniqueness check per field; only a row wider than any before appends.
        var found = 0
        defer { if ranges.count > found { ranges.removeLast(ranges.count - found) } }
        guard last >= 0 else { return }
        let n = line.count
        guard let p = line.baseAddress else {
            if ranges.isEmpty { ranges.append(0..<0) } else { ranges[0] = 0..<0 }
            found = 1
            return
        }
        // (the loop's state in the closure's own locals, so it stays in registers)
        var (start, i, stopped) = (0, 0, false)
        (found, start, i, stopped) = ranges.withUnsafeMutableBufferPointer { slots -> (Int, Int, Int, Bool) in
            let capacity = slots.count
            var (found, start, i) = (0, 0, 0)
            guard capacity > 0 else { return (0, 0, 0, false) }
            let tab = ByteBlock.Lanes(repeating: 0x09)
            let backslash = ByteBlock.Lanes(repeating: 0x5C)
            while i < n {
                // Sixteen bytes without a backslash: every tab in them ends a field.
                if n &- i >= 16 {
                    let v = p.loadUnaligned(fromByteOffset: i, as: ByteBlock.Lanes.self)
                    if ByteBlock.isEmpty(v .== backslash) {
                        var tabs = ByteBlock.bits(v .== tab)
                        while tabs != 0 {
                            let at = i &+ tabs.trailingZeroBitCount
                            tabs &= tabs &- 1
                            slots[found] = start..<at
                            found &+= 1
                            start = at &+ 1
                            if found > last { return (found, start, start, true) }
                            if found == capacity { return (found, start, start, false) }
                        }
                        i &+= 16
                        continue
                    }
                }
                // Otherwise byte by byte to the block's end (or a little past it, after an escape).
                let end = min(n, i &+ 16)
                while i < end {
                    let b = p.load(fromByteOffset: i, as: UInt8.self)  // no bounds check: i < n
                    if b == 0x5C {
                        i &+= 2  // an escaped byte is never a delimiter
                        continue
                    }
                    i &+= 1
                    if b == 0x09 {
                        slots[found] = start..<(i - 1)
                        found &+= 1
                        start = i
                        if found > last { return (found, start, i, true) }
                        if found == capacity { return (found, start, i, false) }
                    }
                }
            }
            return (found, start, i, false)
        }
        if stopped { return }
        // A row wider than any before it: the rest by appending.
        func add(_ r: Range<Int>) {
            if found < ranges.count { ranges[found] = r } else { ranges.append(r) }
            found += 1
        }
        while i < n {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x5C {
                i += 2
                continue
            }
            i += 1
            if b == 0x09 {
                add(start..<(i - 1))
                if found > last { return }
                start = i
            }
        }
        add(start..<n)
    }

    /// Whether a raw field is the NULL marker.
    public static func isNull(_ raw: UnsafeRawBufferPointer) -> Bool {
        raw.count == 2 && raw[0] == 0x5C && raw[1] == 0x4E
    }

    /// Decodes a raw field's escapes; nil for NULL.
    public static func decode(_ raw: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        return decode(raw, appendingTo: &out) ? out : nil
    }

    /// Appends a raw field's decoded bytes to `out` (reusing its storage across fields);
    /// false, appending nothing, for NULL.
    public static func decode(_ raw: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) -> Bool {
        if isNull(raw) { return false }
        guard raw.contains(0x5C) else {
            out.append(contentsOf: raw)
            return true
        }
        out.reserveCapacity(out.count + raw.count)
        var i = 0
        let n = raw.count
        while i < n {
            let b = raw[i]
            guard b == 0x5C, i + 1 < n else {
                out.append(b)
                i += 1
                continue
            }
            let c = raw[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(c - 48)
                var k = 0
                while k < 2, i < n, raw[i] >= 48, raw[i] <= 55 {
                    v = v * 8 + Int(raw[i] - 48)
                    i += 1
                    k += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            case UInt8(ascii: "x"):
                var v = 0
                var k = 0
                while k < 2, i < n, let d = hexValue(raw[i]) {
                    v = v * 16 + d
                    i += 1
                    k += 1
                }
                if k == 0 { out.append(c) } else { out.append(UInt8(v)) }
            default: out.append(unescaped(c))
            }
        }
        return true
    }

    /// The byte a one-character escape `\c` stands for: `\b \f \n \r \t \v` the control
    /// characters, any other character itself (`\\`, `\<TAB>`). Octal and hex escapes are
    /// longer and decoded by the callers.
    @inline(__always)
    static func unescaped(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "v"): return 0x0B
        default: return c
        }
    }

    /// Length in bytes of the decoded value without building it; nil for NULL.
    public static func decodedLength(_ raw: UnsafeRawBufferPointer) -> Int? {
        if isNull(raw) { return nil }
        guard raw.contains(0x5C) else { return raw.count }
        return decode(raw)?.count
    }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 48...57: return Int(b - 48)
        case 65...70: return Int(b - 55)
        case 97...102: return Int(b - 87)
        default: return nil
        }
    }
}
