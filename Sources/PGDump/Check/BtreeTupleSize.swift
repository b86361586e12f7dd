import CLZ4

/// How a key column is laid out in an index tuple.
package enum KeyLayout: Equatable, Sendable {
    /// text, varchar, bpchar (COPY text is the value's bytes).
    case text
    /// bytea (COPY text is `\x` hex, or the old escape format).
    case bytea
    /// Fixed-width by-value or by-reference types.
    case fixed(length: Int, align: Int)

    /// The layout of a type as pg_dump prints it in CREATE TABLE; nil when pgdmp cannot size it exactly.
    package static func of(type: String) -> KeyLayout? {
        let t = type.lowercased()
        if t.hasSuffix("[]") { return nil }
        let base = t.split(separator: ".").last.map(String.init) ?? t
        switch base {
        case "text", "character varying", "varchar", "character", "char", "bpchar", "citext": return .text
        case "bytea": return .bytea
        case "smallint", "int2": return .fixed(length: 2, align: 2)
        case "integer", "int", "int4", "date", "real", "float4", "oid": return .fixed(length: 4, align: 4)
        case "bigint", "int8", "double precision", "float8", "money", "time without time zone", "time",
            "timestamp without time zone", "timestamp with time zone", "timestamp", "timestamptz":
            return .fixed(length: 8, align: 8)
        case "boolean", "bool": return .fixed(length: 1, align: 1)
        case "uuid": return .fixed(length: 16, align: 1)
        default: return nil
        }
    }
}

/// The TOAST compression method an index tuple's large values are compressed with before the
/// size limit applies (PostgreSQL's `default_toast_compression`); it changes which keys fit.
public enum ToastCompression: String, Sendable, Codable {
    /// PostgreSQL's own LZ compression (the default).
    case pglz
    /// LZ4 (a server built with lz4 and `default_toast_compression = lz4`).
    case lz4
}

/// One key column of an index, ready for sizing.
package struct KeyColumnSpec: Sendable {
    package var layout: KeyLayout
    /// false for STORAGE PLAIN / EXTERNAL columns (index_form_tuple never compresses them).
    package var compressible: Bool
    package var compression: ToastCompression
    package init(layout: KeyLayout, compressible: Bool = true, compression: ToastCompression = .pglz) {
        self.layout = layout
        self.compressible = compressible
        self.compression = compression
    }
}

/// The size of a btree index tuple as `index_form_tuple` builds it (format notes §8.2, §8.3).
package enum BtreeTupleSize {
    /// `index_form_tuple` compresses a key whose 4-byte-header size exceeds TOAST_INDEX_TARGET.
    package static let toastIndexTarget = 510

    /// The limit for a server of `targetVersion`: 2704 (btree v4, PostgreSQL 12+) or 2712.
    package static func limit(targetVersion: Int) -> Int { targetVersion >= 12 ? 2704 : 2712 }

    @inline(__always) static func align(_ n: Int, _ a: Int) -> Int { (n + a - 1) & ~(a - 1) }

    /// The stored size of one varlena key of `data` bytes, and whether it was compressed.
    package static func varlenaSize(_ data: UnsafeRawBufferPointer, spec: KeyColumnSpec) -> (
        size: Int, shortHeader: Bool
    ) {
        let n = data.count
        if n <= 126 { return (n + 1, true) }
        if spec.compressible && n + 4 > toastIndexTarget, let c = compressedLength(data, spec.compression),
            c + 8 < n - 2
        {
            return (c + 8, false)
        }
        return (n + 4, false)
    }

    static func compressedLength(_ data: UnsafeRawBufferPointer, _ method: ToastCompression) -> Int? {
        switch method {
        case .pglz: return PGLZ.compressedSize(data)
        case .lz4:
            let bound = Int(LZ4_compressBound(Int32(data.count)))
            let dst = UnsafeMutablePointer<CChar>.allocate(capacity: bound)
            defer { dst.deallocate() }
            let len = Int(
                LZ4_compress_default(
                    data.baseAddress!.assumingMemoryBound(to: CChar.self), dst,
                    Int32(data.count), Int32(bound)))
            return len <= 0 || len > data.count ? nil : len
        }
    }

    /// MAXALIGNed tuple size for decoded key values (nil = SQL NULL), in index column order.
    package static func size(_ values: [[UInt8]?], specs: [KeyColumnSpec]) -> Int {
        var hasNull = false
        var off = 0
        for (v, spec) in zip(values, specs) {
            guard let v else {
                hasNull = true
                continue
            }
            switch spec.layout {
            case .fixed(let len, let a):
                off = align(off, a) + len
            case .text, .bytea:
                let (sz, short) = v.withUnsafeBytes { varlenaSize($0, spec: spec) }
                off = (short ? off : align(off, 4)) + sz
            }
        }
        let hoff = hasNull ? 16 : 8
        return align(hoff + off, 8)
    }

    /// An upper bound that needs no compression: if it is within the limit, the tuple is too.
    package static func upperBound(rawLengths: [Int?], specs: [KeyColumnSpec]) -> Int {
        var total = 16
        for (l, spec) in zip(rawLengths, specs) {
            guard let l else { continue }
            switch spec.layout {
            case .fixed(let len, _): total += len + 7
            case .text: total += l + 4 + 3
            case .bytea: total += l / 2 + 4 + 3  // COPY hex is at least twice the bytes
            }
        }
        return align(total, 8)
    }
}

/// Decoding of bytea's COPY text (after COPY unescaping): `\x` hex, or the old escape format.
package enum ByteaText {
    package static func decode(_ text: [UInt8]) -> [UInt8]? {
        if text.count >= 2 && text[0] == 0x5C && text[1] == UInt8(ascii: "x") {
            var out: [UInt8] = []
            out.reserveCapacity((text.count - 2) / 2)
            var i = 2
            while i + 1 < text.count {
                guard let h = CopyText.hexValue(text[i]), let l = CopyText.hexValue(text[i + 1]) else { return nil }
                out.append(UInt8(h * 16 + l))
                i += 2
            }
            return i == text.count ? out : nil
        }
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            if text[i] == 0x5C {
                if i + 1 < text.count && text[i + 1] == 0x5C {
                    out.append(0x5C)
                    i += 2
                    continue
                }
                var v = 0
                for k in 1...3 {
                    guard i + k < text.count, text[i + k] >= 48, text[i + k] <= 55 else { return nil }
                    v = v * 8 + Int(text[i + k] - 48)
                }
                out.append(UInt8(truncatingIfNeeded: v))
                i += 4
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }
}
