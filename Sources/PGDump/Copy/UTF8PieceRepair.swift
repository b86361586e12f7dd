/// Makes text that arrives in pieces well-formed UTF-8, with exactly the result of
/// `String(decoding: whole, as: UTF8.self)` on all the pieces at once: each maximal invalid
/// subpart becomes U+FFFD, however the pieces cut the bytes.
///
/// Why it can work piece by piece: a byte that is not a continuation byte (ASCII or a lead byte
/// 0xC0 and above) always starts a new character or error, so the bytes before it decode the
/// same alone as in the whole. A piece is passed on up to its last such lead byte when that
/// lead's sequence is cut by the piece's end; those (at most 3) bytes are carried to the next.
package struct UTF8PieceRepair {
    /// The cut sequence carried from the last piece, then the next piece appended to it.
    private var carried: [UInt8] = []

    package init() {}

    /// Passes the next piece on to `body` as well-formed UTF-8 (in one or two calls, possibly
    /// none), holding back a sequence that the piece's end cuts.
    package mutating func repair(
        _ piece: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        guard !carried.isEmpty else {
            let cut = Self.carryStart(piece)
            try Self.pass(UnsafeRawBufferPointer(rebasing: piece[0..<cut]), body)
            carried.append(contentsOf: piece[cut...])
            return
        }
        carried.append(contentsOf: piece)
        let joined = carried
        try joined.withUnsafeBytes { all in
            let cut = Self.carryStart(all)
            try Self.pass(UnsafeRawBufferPointer(rebasing: all[0..<cut]), body)
            carried.removeAll(keepingCapacity: true)
            carried.append(contentsOf: all[cut...])
        }
    }

    /// Ends the text: passes on what is carried (a cut sequence at the very end is invalid).
    package mutating func finish(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let rest = carried
        carried.removeAll(keepingCapacity: true)
        try rest.withUnsafeBytes { try Self.pass($0, body) }
    }

    /// Where the bytes to carry begin: at a lead byte among the last three whose sequence needs
    /// more bytes than are left; `bytes.count` when nothing is cut.
    static func carryStart(_ bytes: UnsafeRawBufferPointer) -> Int {
        let n = bytes.count
        for k in 1...3 where k <= n {
            let b = bytes[n - k]
            if b < 0x80 { return n }
            if b >= 0xC0 {
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                return length > k ? n - k : n
            }
        }
        return n
    }

    /// Bytes with no cut sequence at their end: as they are when valid, else repaired.
    private static func pass(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        guard !bytes.isEmpty else { return }
        if UTF8Validator.isValid(bytes) { return try body(bytes) }
        var repaired = String(decoding: bytes, as: UTF8.self)
        try repaired.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
