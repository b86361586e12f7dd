/// Archive strings are bytes in the dump's client encoding (UTF8 usually, but LATIN1,
/// SQL_ASCII, WIN1252 … exist). pgdmp keeps them as Swift strings without losing a byte:
/// valid UTF-8 decodes normally, and each byte that is not part of valid UTF-8 becomes
/// a private-use scalar U+F780–U+F7FF ("byte escape"), which `bytes(of:)` turns back into
/// the original byte. So `pgdmp list` prints a LATIN1 archive byte for byte like pg_restore.
public enum ArchiveText {
    static let escapeBase: UInt32 = 0xF700

    /// Decodes bytes, escaping those that are not valid UTF-8.
    public static func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes bytes in place (the TOC reader's buffer), escaping those that are not valid UTF-8.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        // Fast paths, in the order a TOC meets them: pure ASCII, then valid UTF-8 with no
        // U+F780–U+F7FF (which encodes as EF 9E xx / EF 9F xx and would read back as a byte escape).
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if UTF8Validator.isValid(bytes), !containsEscapeEncoding(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return decodeEscaping(Array(bytes))
    }

    private static func containsEscapeEncoding(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 1 < b.count {
            if b[i] == 0xEF && (b[i + 1] == 0x9E || b[i + 1] == 0x9F) { return true }
            i += 1
        }
        return false
    }

    private static func decodeEscaping(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self), !s.unicodeScalars.contains(where: isEscape) { return s }
        var scalars = String.UnicodeScalarView()
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                scalars.append(Unicode.Scalar(b0))
                i += 1
                continue
            }
            if let (scalar, length) = sequence(bytes, at: i), !isEscape(scalar) {
                scalars.append(scalar)
                i += length
            } else {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(b0))!)
                i += 1
            }
        }
        return String(scalars)
    }

    /// One well-formed UTF-8 sequence starting at `i`, if there is one.
    private static func sequence(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let b0 = b[i]
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4:
            length = 4
            value = UInt32(b0 & 0x07)
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    static func isEscape(_ s: Unicode.Scalar) -> Bool {
        s.value >= escapeBase + 0x80 && s.value <= escapeBase + 0xFF
    }

    /// The original bytes of a string read from an archive (UTF-8 for everything else).
    public static func bytes(of s: String) -> [UInt8] {
        guard s.unicodeScalars.contains(where: isEscape) else { return Array(s.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            if isEscape(scalar) {
                out.append(UInt8(scalar.value - escapeBase))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// For display and JSON: escaped bytes read as Latin-1 characters.
    public static func readable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isEscape) else { return s }
        return String(
            String.UnicodeScalarView(
                s.unicodeScalars.map {
                    isEscape($0) ? Unicode.Scalar($0.value - escapeBase)! : $0
                }))
    }
}
