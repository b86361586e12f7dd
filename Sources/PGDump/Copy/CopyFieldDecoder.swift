/// Undoes the escapes of one COPY text field that arrives in pieces, with the same result as
/// ``CopyText/decode(_:)`` on the whole field: an escape cut by a piece boundary (`\` | `n`,
/// `\1` | `23`, `\x4` | `1`) is carried to the next piece, and `\N` is NULL only when it is
/// the whole field (its `N` is held until the next byte or the field's end tells).
///
/// For values too long to hold whole (``CopyLongLine``): memory stays one piece however long
/// the value is.
public struct CopyFieldDecoder {
    /// What the bytes seen so far leave unfinished.
    private enum Pending {
        case none
        /// A backslash, its escape character still to come.
        case backslash(atFieldStart: Bool)
        /// `\N` at the start of the field: NULL if the field ends here, else the text `N`.
        case nullMarker
        /// An octal escape: its value so far and how many digits (1 or 2; 3 is complete).
        case octal(value: Int, digits: Int)
        /// A hex escape after `\x`: its value so far and how many digits (0 or 1; 2 is complete).
        case hex(value: Int, digits: Int)
    }
    private var pending = Pending.none
    /// Raw bytes of the field seen so far.
    private var rawCount = 0

    /// A decoder at the start of a field.
    public init() {}

    /// Decodes the next raw bytes of the field into `out`, which must have room for
    /// `raw.count + 1` bytes (a piece can complete an escape begun in the one before); returns
    /// the number of bytes written.
    public mutating func decode(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) -> Int {
        let n = raw.count
        guard let p = raw.baseAddress, n > 0 else { return 0 }
        var i = 0
        var o = 0
        @inline(__always) func put(_ b: UInt8) {
            out.storeBytes(of: b, toByteOffset: o, as: UInt8.self)
            o += 1
        }
        while i < n {
            switch pending {
            case .none:
                // Plain bytes up to the next backslash, copied as they are.
                let end = Platform.firstByte(0x5C, in: p + i, count: n - i).map { p.distance(to: $0) } ?? n
                (out + o).copyMemory(from: p + i, byteCount: end - i)
                o += end - i
                if end < n { pending = .backslash(atFieldStart: rawCount + end == 0) }
                i = end + 1
            case .backslash(let atFieldStart):
                let c = p.load(fromByteOffset: i, as: UInt8.self)
                i += 1
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    pending = .octal(value: Int(c - 48), digits: 1)
                case UInt8(ascii: "x"):
                    pending = .hex(value: 0, digits: 0)
                case UInt8(ascii: "N") where atFieldStart:
                    pending = .nullMarker
                default:
                    put(CopyText.unescaped(c))
                    pending = .none
                }
            case .nullMarker:
                put(UInt8(ascii: "N"))  // more follows: the text "N…", not NULL
                pending = .none
            case .octal(let value, let digits):
                let c = p.load(fromByteOffset: i, as: UInt8.self)
                guard c >= 48, c <= 55 else {
                    put(UInt8(truncatingIfNeeded: value))
                    pending = .none
                    continue
                }
                i += 1
                if digits == 2 {
                    put(UInt8(truncatingIfNeeded: value * 8 + Int(c - 48)))
                    pending = .none
                } else {
                    pending = .octal(value: value * 8 + Int(c - 48), digits: digits + 1)
                }
            case .hex(let value, let digits):
                guard let d = CopyText.hexValue(p.load(fromByteOffset: i, as: UInt8.self)) else {
                    put(digits == 0 ? UInt8(ascii: "x") : UInt8(value))
                    pending = .none
                    continue
                }
                i += 1
                if digits == 1 {
                    put(UInt8(value * 16 + d))
                    pending = .none
                } else {
                    pending = .hex(value: d, digits: 1)
                }
            }
        }
        rawCount += n
        return o
    }

    /// Ends the field: writes what an unfinished escape stands for to `out` (room for 1 byte) and
    /// returns the number of bytes written, or nil when the field is NULL (`\N`, nothing written).
    /// The decoder is then ready for another field.
    public mutating func finish(into out: UnsafeMutableRawPointer) -> Int? {
        let last: UInt8?
        switch pending {
        case .none: last = nil
        case .backslash: last = 0x5C  // a backslash ending the line stands for itself
        case .nullMarker:
            self = CopyFieldDecoder()
            return nil
        case .octal(let value, _): last = UInt8(truncatingIfNeeded: value)
        case .hex(let value, let digits): last = digits == 0 ? UInt8(ascii: "x") : UInt8(value)
        }
        self = CopyFieldDecoder()
        guard let last else { return 0 }
        out.storeBytes(of: last, as: UInt8.self)
        return 1
    }
}
