/// A stream (standard input, a pipe) read ahead by a second thread into a ring of buffers,
/// so reading overlaps decoding: the writer at the other end of the pipe (pg_dump, ssh, curl)
/// keeps going while pgdmp decompresses, and the kernel copy out of the pipe leaves the
/// decoding thread. Reads must be sequential, as for any stream.
///
/// The thread may read up to `bufferCount` buffers that nobody asks for (after `list -`, for
/// example). It ends at the end of the input, on a read error, or once the source is released
/// (if it is blocked in a read then, as soon as that read returns).
package final class ReadAheadSource: ByteSource {
    package var name: String { inner.name }
    package var size: UInt64? { nil }
    package var isSeekable: Bool { false }

    private let inner: ByteSource
    private let ring: ByteRing
    private let state: ReaderState
    /// The slot being read by the consumer, how far into it, and the stream offset reached.
    private var slot = 0
    private var position = 0
    private var have: Int?
    private var offset: UInt64 = 0

    /// What the reader thread tells the consumer besides the ring's lengths (> 0 data, 0 end of
    /// input, -1 the read failed).
    private final class ReaderState: @unchecked Sendable {
        /// The read error behind a -1 length (written before that slot is published).
        var error: Error?
        /// Set when the source is released; the reader thread stops at its next slot.
        var cancelled = false
    }

    package init(_ inner: ByteSource, bufferSize: Int = 1 << 20, bufferCount: Int = 4) {
        precondition(!inner.isSeekable, "ReadAheadSource is for streams")
        self.inner = inner
        let ring = ByteRing(count: bufferCount, size: bufferSize, alignment: 64)
        let state = ReaderState()
        self.ring = ring
        self.state = state
        startThread {
            var k = 0
            var at: UInt64 = 0
            while true {
                ring.waitUntilFree()
                if state.cancelled { return }
                let buffer = ring.buffers[k]
                var n = 0
                do {
                    // Fill the slot (short pipe reads would otherwise make many small slots).
                    while n < buffer.count {
                        let got = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[n...]), at: at)
                        if got == 0 { break }
                        n += got
                        at += UInt64(got)
                    }
                } catch {
                    state.error = error
                    if n == 0 { n = -1 }
                }
                ring.publish(k, length: n)
                if n <= 0 { return }
                k = (k + 1) % ring.count
                if n < buffer.count {
                    // The input ended, or failed, inside this slot: its bytes went out first, the
                    // next slot says which.
                    ring.waitUntilFree()
                    ring.publish(k, length: state.error == nil ? 0 : -1)
                    return
                }
            }
        }
    }

    deinit {
        state.cancelled = true
        ring.release()
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        guard offset == self.offset else {
            throw PGDumpError(
                .usage, "cannot go back in a stream that can only be read forward",
                file: name, offset: offset, expected: "offset \(self.offset)",
                found: "request for offset \(offset)")
        }
        if have == nil {
            have = ring.waitUntilFilled(slot)
            position = 0
        }
        let n = have!
        if n < 0 { throw state.error ?? PGDumpError(.io, "read failed", file: name, offset: offset) }
        if n == 0 { return 0 }  // end of input; stays there
        let count = min(buffer.count, n - position)
        buffer.baseAddress!.copyMemory(from: ring.buffers[slot].baseAddress! + position, byteCount: count)
        position += count
        self.offset += UInt64(count)
        if position == n {
            have = nil
            ring.release()
            slot = (slot + 1) % ring.count
        }
        return count
    }
}
