/// A fixed ring of byte buffers passed between two threads: a producer fills buffers and hands
/// them over in ring order, a consumer empties them in the same order and gives them back.
///
/// Why: reading a pipe (``ReadAheadSource``) and writing standard output (`pgdmp cat`) each
/// overlap a system call with decoding on the other core. Both need the same hand-over, and one
/// ring keeps its ordering rules in one place: a buffer and its length belong to the producer
/// from ``waitUntilFree()`` until ``publish(_:length:)``, then to the consumer from
/// ``waitUntilFilled(_:)`` until ``release()``. Each side keeps its own slot index and moves it
/// on by one (modulo ``count``) after each buffer. The length is the producer's message: bytes
/// in the buffer, or a negative or zero code the two sides agree on (end, error, stop).
package final class ByteRing: @unchecked Sendable {
    /// The buffers, each `size` bytes.
    package let buffers: [UnsafeMutableRawBufferPointer]
    private let lengths: UnsafeMutablePointer<Int>
    private let free: CountingSemaphore
    private let filled = CountingSemaphore(0)

    /// `count` buffers of `size` bytes aligned to `alignment`; all start free.
    package init(count: Int, size: Int, alignment: Int) {
        precondition(count > 0 && size > 0)
        buffers = (0..<count).map { _ in .allocate(byteCount: size, alignment: alignment) }
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        free = CountingSemaphore(count)
    }

    deinit {
        for b in buffers { b.deallocate() }
        lengths.deallocate()
    }

    /// The number of buffers.
    package var count: Int { buffers.count }

    /// Producer: waits until the producer's next slot is free to fill.
    package func waitUntilFree() { free.wait() }

    /// Producer: hands slot `slot` to the consumer with `length` (bytes, or an agreed code).
    package func publish(_ slot: Int, length: Int) {
        lengths[slot] = length
        filled.signal()
    }

    /// Consumer: waits until slot `slot` (the consumer's next) is handed over; returns its length.
    package func waitUntilFilled(_ slot: Int) -> Int {
        filled.wait()
        return lengths[slot]
    }

    /// Consumer: gives the slot it emptied back to the producer. Also wakes a producer waiting in
    /// ``waitUntilFree()`` when the consumer stops early (it then checks its own stop flag).
    package func release() { free.signal() }
}
