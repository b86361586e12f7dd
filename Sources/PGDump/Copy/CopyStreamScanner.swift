/// Walks decompressed COPY text as it streams by: counts rows, finds the `\.` end
/// marker that pg_dump writes inside the data, and refuses to call a stream complete
/// without it. Allocation-free; rows are found with `memchr`.
///
/// A data row can never be the two bytes `\.` (a backslash in a value is written `\\`),
/// so the first such line is the end marker.
package struct CopyStreamScanner {
    package private(set) var rows: UInt64 = 0
    package private(set) var sawEndMarker = false
    /// Bytes of the data rows (everything before the end marker line).
    package private(set) var dataBytes: UInt64 = 0
    /// Stop after this many rows (for `cat --limit`).
    package var rowLimit: UInt64?
    package private(set) var reachedLimit = false
    /// Bytes of the current (unfinished) line seen so far, and its first two bytes.
    private var lineLength = 0
    private var first: UInt8 = 0
    private var second: UInt8 = 0
    /// Up to two bytes at the end of a piece that may begin the end marker; passed on once they turn out not to.
    private var held: (count: Int, a: UInt8, b: UInt8) = (0, 0, 0)
    private var bytesAfterMarker: UInt64 = 0
    private var badByteAfterMarker = false

    package init(rowLimit: UInt64? = nil) { self.rowLimit = rowLimit }

    package var isDone: Bool { sawEndMarker || reachedLimit }

    /// Bytes at the end of the last piece not yet handed to `emit` (at most 2: they may begin
    /// the end marker). They are emitted, copied, before the next piece's bytes.
    package var heldByteCount: Int { held.count }

    /// Scans one piece, handing the bytes that belong to data rows to `emit`, in order and verbatim.
    package mutating func scan(_ piece: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) rethrows
    {
        guard let base = piece.baseAddress, piece.count > 0 else { return }
        if sawEndMarker {
            checkAfterMarker(piece)
            return
        }
        if reachedLimit { return }
        let n = piece.count
        var p = 0
        let emitFrom = 0
        if let limit = rowLimit, rows >= limit {
            reachedLimit = true
            return
        }
        while true {
            let hit = Platform.firstByte(0x0A, in: base + p, count: n - p)
            let end = hit.map { base.distance(to: UnsafeRawPointer($0)) } ?? n
            let segment = end - p
            if lineLength == 0 {
                if segment >= 1 { first = piece[p] }
                if segment >= 2 { second = piece[p + 1] }
            } else if lineLength == 1 && segment >= 1 {
                second = piece[p]
            }
            let total = lineLength + segment
            let mayBeMarker = (total == 1 && first == 0x5C) || (total == 2 && first == 0x5C && second == 0x2E)
            if hit == nil {
                if mayBeMarker {
                    if emitFrom < p { try emit(UnsafeRawBufferPointer(rebasing: piece[emitFrom..<p])) }
                    for i in p..<n { hold(piece[i]) }
                } else {
                    try releaseHeld(emit)
                    if emitFrom < n { try emit(UnsafeRawBufferPointer(rebasing: piece[emitFrom..<n])) }
                    dataBytes += UInt64(n - p)
                }
                lineLength = total
                return
            }
            if total == 2 && mayBeMarker {
                if emitFrom < p { try emit(UnsafeRawBufferPointer(rebasing: piece[emitFrom..<p])) }
                held.count = 0
                sawEndMarker = true
                lineLength = 0
                checkAfterMarker(UnsafeRawBufferPointer(rebasing: piece[(end + 1)...]))
                return
            }
            try releaseHeld(emit)
            dataBytes += UInt64(segment + 1)
            rows += 1
            lineLength = 0
            p = end + 1
            if let limit = rowLimit, rows >= limit {
                try emit(UnsafeRawBufferPointer(rebasing: piece[emitFrom..<p]))
                reachedLimit = true
                return
            }
            if p == n {
                try emit(UnsafeRawBufferPointer(rebasing: piece[emitFrom..<n]))
                return
            }
        }
    }

    /// Scans one piece for counting only.
    package mutating func scan(_ piece: UnsafeRawBufferPointer) {
        scan(piece, emit: { _ in })
    }

    private mutating func hold(_ byte: UInt8) {
        if held.count == 0 { held.a = byte } else { held.b = byte }
        held.count += 1
    }

    private mutating func releaseHeld(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard held.count > 0 else { return }
        let bytes: [UInt8] = held.count == 1 ? [held.a] : [held.a, held.b]
        dataBytes += UInt64(held.count)
        held.count = 0
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private mutating func checkAfterMarker(_ rest: UnsafeRawBufferPointer) {
        if !badByteAfterMarker, rest.contains(where: { $0 != 0x0A }) { badByteAfterMarker = true }
        bytesAfterMarker += UInt64(rest.count)
    }

    /// Call at the end of the stream: throws unless the data ended properly.
    package func finish() throws {
        if reachedLimit { return }
        guard sawEndMarker else {
            throw PGDumpError(
                .truncated,
                lineLength > 0
                    ? "COPY data ends in the middle of a row, without the end marker \\."
                    : "COPY data ends without its end marker \\.",
                expected: "a line \\. after the last row", found: "end of data after \(rows) complete rows")
        }
        if badByteAfterMarker {
            throw PGDumpError(
                .corrupt, "unexpected data after the COPY end marker \\.",
                expected: "only newlines after \\.", found: "\(bytesAfterMarker) bytes after it")
        }
    }
}
