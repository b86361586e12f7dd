/// Cuts a COPY text line that arrives in pieces into its fields, by the same rule as
/// ``CopyText/fieldRanges(_:into:)``: a TAB ends a field unless a backslash escapes it (the byte
/// after a backslash is never a delimiter, also when the two are in different pieces).
///
/// For lines too long to hold whole (``CopyLongLine``): the fields are reported by their byte
/// ranges in the line, so a caller can read back just the fields it needs.
public struct CopyFieldSplitter {
    /// Line offset of the next piece's first byte.
    private var offset = 0
    /// Line offset of the current field's first byte.
    private var fieldStart = 0
    /// The last byte seen was a backslash: the next byte belongs to its escape.
    private var escaped = false

    /// A splitter at the start of a line.
    public init() {}

    /// Reads the next piece of the line; calls `fieldEnded` with the raw byte range (line offsets,
    /// still escaped) of each field that a TAB in `piece` ends.
    public mutating func split(
        _ piece: UnsafeRawBufferPointer, _ fieldEnded: (Range<Int>) throws -> Void
    ) rethrows {
        let n = piece.count
        guard let base = piece.baseAddress, n > 0 else { return }
        // The next tab and the next backslash at or after `i` (n: none), each searched again only
        // once `i` has passed it, so a piece is scanned in linear time whatever its mix.
        func next(_ byte: UInt8, from i: Int) -> Int {
            Platform.firstByte(byte, in: base + i, count: n - i).map { base.distance(to: $0) } ?? n
        }
        var i = 0
        var nextTab = -1
        var nextBackslash = -1
        while i < n {
            if escaped {
                escaped = false
                i += 1
                continue
            }
            if nextTab < i { nextTab = next(0x09, from: i) }
            if nextBackslash < i { nextBackslash = next(0x5C, from: i) }
            if nextBackslash < nextTab {
                escaped = true
                i = nextBackslash + 1
                continue
            }
            if nextTab == n { break }
            try fieldEnded(fieldStart..<(offset + nextTab))
            fieldStart = offset + nextTab + 1
            i = nextTab + 1
        }
        offset += n
    }

    /// Ends the line: reports its last field (empty when the line ends with a TAB) and makes the
    /// splitter ready for another line.
    public mutating func finish(_ fieldEnded: (Range<Int>) throws -> Void) rethrows {
        let last = fieldStart..<offset
        self = CopyFieldSplitter()
        try fieldEnded(last)
    }
}
