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
    private let ring: Ring
    /// The slot being read by the consumer, how far into it, and the stream offset reached.
    private var slot = 0
    private var position = 0
    private var have: Int?
    private var offset: UInt64 = 0

    /// What the two threads share; the semaphores order each slot's hand-over.
    private final class Ring: @unchecked Sendable {
        let buffers: [UnsafeMutableRawBufferPointer]
        /// Bytes in each slot: > 0 data, 0 end of input, -1 the read failed (`error`).
        var lengths: [Int]
        var error: Error?
        /// Set when the source is released; the reader thread stops at its next slot.
        var cancelled = false
        let filled = CountingSemaphore(0)
        let free: CountingSemaphore
        init(count: Int, size: Int) {
            buffers = (0..<count).map { _ in .allocate(byteCount: size, alignment: 64) }
            lengths = Array(repeating: 0, count: count)
            free = CountingSemaphore(count)
        }
        deinit { for b in buffers { b.deallocate() } }
    }

    package init(_ inner: ByteSource, bufferSize: Int = 1 << 20, bufferCount: Int = 4) {
        precondition(!inner.isSeekable, "ReadAheadSource is for streams")
        self.inner = inner
        let ring = Ring(count: bufferCount, size: bufferSize)
        self.ring = ring
        startThread {
            var k = 0
            var at: UInt64 = 0
            while true {
                ring.free.wait()
                if ring.cancelled { return }
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
                    ring.error = error
                    if n == 0 { n = -1 }
                }
                ring.lengths[k] = n
                ring.filled.signal()
                if n <= 0 { return }
                k = (k + 1) % ring.buffers.count
                if n < buffer.count {
                    // The input ended, or failed, inside this slot: its bytes went out first, the
                    // next slot says which.
                    ring.free.wait()
                    ring.lengths[k] = ring.error == nil ? 0 : -1
                    ring.filled.signal()
                    return
                }
            }
        }
    }

    deinit {
        ring.cancelled = true
        ring.free.signal()
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
            ring.filled.wait()
            have = ring.lengths[slot]
            position = 0
        }
        let n = have!
        if n < 0 { throw ring.error ?? PGDumpError(.io, "read failed", file: name, offset: offset) }
        if n == 0 { return 0 }  // end of input; stays there
        let count = min(buffer.count, n - position)
        buffer.baseAddress!.copyMemory(from: ring.buffers[slot].baseAddress! + position, byteCount: count)
        position += count
        self.offset += UInt64(count)
        if position == n {
            have = nil
            ring.free.signal()
            slot = (slot + 1) % ring.buffers.count
        }
        return count
    }
}
