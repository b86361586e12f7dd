/// A buffered, forward-reading cursor over a `ByteSource` that knows the absolute byte
/// offset of every byte it hands out, so every error can say where it happened.
///
/// It never allocates more than its fixed buffer plus what the caller asks for, and
/// grows a requested byte run only as fast as the input actually delivers it: a
/// hostile length prefix of 2 GB on a 1 KB file costs nothing.
package final class ByteReader {
    package let source: ByteSource
    private let storage: UnsafeMutableRawBufferPointer
    private var head = 0
    private var tail = 0
    private var storageOffset: UInt64
    private var sawEOF = false

    package init(source: ByteSource, startingAt offset: UInt64 = 0, bufferSize: Int = 1 << 20) {
        self.source = source
        // Small buffers are for small known extents (a data block of a few hundred bytes).
        self.storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 64), alignment: 64)
        self.storageOffset = offset
    }

    deinit { storage.deallocate() }

    /// Absolute offset of the next byte to be read.
    package var offset: UInt64 { storageOffset + UInt64(head) }

    /// Name of the underlying source, for error messages.
    package var name: String { source.name }

    /// Bytes currently buffered and not yet consumed.
    package var bufferedCount: Int { tail - head }

    /// Makes at least `count` bytes available (fewer only at end of input); returns how many are.
    @discardableResult
    package func fill(_ count: Int) throws -> Int {
        let wanted = min(count, storage.count)
        if tail - head >= wanted { return tail - head }
        if head > 0 {
            let live = tail - head
            if live > 0 {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + head, byteCount: live)
            }
            storageOffset += UInt64(head)
            tail = live
            head = 0
        }
        while tail < wanted && !sawEOF {
            let target = UnsafeMutableRawBufferPointer(rebasing: storage[tail...])
            let n = try source.read(into: target, at: storageOffset + UInt64(tail))
            if n == 0 { sawEOF = true } else { tail += n }
        }
        return tail - head
    }

    /// Whether the input has no more bytes.
    package func isAtEnd() throws -> Bool { try fill(1) == 0 }

    /// The buffered bytes (filling first if none are buffered); empty only at end of input.
    /// Consume what you use with `consume(_:)`.
    package func peekBuffered() throws -> UnsafeRawBufferPointer {
        if tail == head { try fill(storage.count) }
        return UnsafeRawBufferPointer(rebasing: storage[head..<tail])
    }

    package func consume(_ count: Int) {
        precondition(count >= 0 && count <= tail - head)
        head += count
    }

    func truncated(_ what: String, wanted: UInt64, got: UInt64) -> PGDumpError {
        PGDumpError(
            .truncated, "unexpected end of file", file: name, offset: offset,
            expected: what + (wanted > 1 ? " (\(wanted) bytes)" : ""),
            found: got == 0 ? "end of file" : "end of file after \(got) bytes")
    }

    /// `what` is only evaluated for an error message (no string is built per byte read).
    package func readByte(_ what: @autoclosure () -> String) throws -> UInt8 {
        if tail == head, try fill(1) == 0 { throw truncated(what(), wanted: 1, got: 0) }
        let b = storage[head]
        head += 1
        return b
    }

    /// The next `count` bytes when they are already buffered (or can be, within the buffer),
    /// consumed; nil when fewer remain in the input. Valid until the next read. The fast path
    /// of the TOC's small fields, which would otherwise go byte by byte.
    func takeBuffered(_ count: Int) throws -> UnsafeRawBufferPointer? {
        if tail - head < count {
            guard count <= storage.count, try fill(count) >= count else { return nil }
        }
        let start = head
        head += count
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[start..<head])
    }

    /// Reads exactly `count` bytes into `destination`.
    package func read(into destination: UnsafeMutableRawBufferPointer, _ what: String) throws {
        var done = 0
        while done < destination.count {
            let avail = try peekBuffered()
            if avail.isEmpty { throw truncated(what, wanted: UInt64(destination.count), got: UInt64(done)) }
            let n = min(avail.count, destination.count - done)
            (destination.baseAddress! + done).copyMemory(from: avail.baseAddress!, byteCount: n)
            consume(n)
            done += n
        }
    }

    /// Reads exactly `count` bytes. Memory grows with the bytes actually read, never with `count` alone.
    package func readBytes(_ count: Int, _ what: String) throws -> [UInt8] {
        if let size = source.size, UInt64(count) > size &- min(size, offset) {
            throw PGDumpError(
                .truncated, "length runs past the end of the file", file: name, offset: offset,
                expected: "\(what) of \(count) bytes",
                found: "\(size &- min(size, offset)) bytes left in the file")
        }
        var result: [UInt8] = []
        result.reserveCapacity(min(count, 1 << 20))
        while result.count < count {
            let avail = try peekBuffered()
            if avail.isEmpty { throw truncated(what, wanted: UInt64(count), got: UInt64(result.count)) }
            let n = min(avail.count, count - result.count)
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: avail[0..<n]))
            consume(n)
        }
        return result
    }

    /// Skips `count` bytes; on seekable sources without reading them.
    package func skip(_ count: UInt64, _ what: String) throws {
        let buffered = UInt64(tail - head)
        if count <= buffered {
            head += Int(count)
            return
        }
        if source.isSeekable {
            let (target, overflow) = offset.addingReportingOverflow(count)
            if overflow {
                throw PGDumpError(
                    .corrupt, "length runs past any possible file", file: name, offset: offset,
                    expected: "\(what) within 2^64 bytes", found: "\(count) bytes")
            }
            if let size = source.size, target > size {
                throw PGDumpError(
                    .truncated, "unexpected end of file", file: name, offset: offset,
                    expected: "\(what) of \(count) bytes",
                    found: "end of file after \(size - min(size, offset)) bytes")
            }
            try seek(to: target)
            return
        }
        var left = count
        while left > 0 {
            let avail = try peekBuffered()
            if avail.isEmpty { throw truncated(what, wanted: count, got: count - left) }
            let n = Int(min(UInt64(avail.count), left))
            consume(n)
            left -= UInt64(n)
        }
    }

    /// Moves to an absolute offset. Seekable sources only, or forward within the buffer.
    package func seek(to target: UInt64) throws {
        if target >= storageOffset && target <= storageOffset + UInt64(tail) {
            head = Int(target - storageOffset)
            return
        }
        guard source.isSeekable else {
            if target > offset {
                try skip(target - offset, "bytes before offset \(target)")
                return
            }
            throw PGDumpError(
                .usage, "cannot go back in a stream that can only be read forward",
                file: name, offset: offset, expected: "offset \(target)")
        }
        storageOffset = target
        head = 0
        tail = 0
        sawEOF = false
    }
}
