#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PGDump

/// Standard output for `cat`: a ring of 1 MiB buffers that a writer thread hands to `write(2)`.
/// (The CSV and JSON encoders are in BufferedOutput+Encoders.swift.)
///
/// Why a thread: the kernel's copy into a pipe (`pgdmp cat T | wc -l`) cost about a fifth of
/// the decode time on the main thread; on a second core it overlaps with decompression, and
/// the main thread only pays a `memcpy` into the ring. Bytes reach stdout in order; `finish`
/// (or deinit) waits until all of them are written.
final class BufferedOutput {
    static let bufferSize = 1 << 20
    static let bufferCount = 4

    /// The buffers between the main thread (producer) and the writer thread (consumer); a
    /// length of -1 tells the writer thread to stop.
    private let ring = ByteRing(count: bufferCount, size: bufferSize, alignment: 4096)
    private let stopped = CountingSemaphore(0)
    private var current = 0
    /// Where the next byte goes: the start of the current buffer (`ring.buffers[current]`) and
    /// the bytes in it. Kept in allocated memory rather than in stored properties: every write
    /// reads and updates them, and a class's stored property costs a dynamic exclusivity check
    /// per access (a tenth of `cat --format jsonl` on a narrow table).
    private let cursor = UnsafeMutablePointer<(base: UnsafeMutableRawPointer, count: Int)>.allocate(capacity: 1)
    private var base: UnsafeMutableRawPointer {
        get { cursor.pointee.base }
        set { cursor.pointee.base = newValue }
    }
    private var count: Int {
        get { cursor.pointee.count }
        set { cursor.pointee.count = newValue }
    }
    private var finished = false

    init() {
        cursor.initialize(to: (ring.buffers[0].baseAddress!, 0))
        ring.waitUntilFree()  // the main thread starts holding the first buffer
        // A pipe's default 64 kB buffer makes the writer and the reader (`| wc -l`) take
        // turns every 64 kB; 1 MiB lets each run longer.
        Platform.enlargePipeBuffer(1)
        // The thread holds the ring, not `self`: deinit waits for it.
        startThread { [ring, stopped] in Self.drain(ring, stopped: stopped) }
    }

    deinit {
        finish()
        cursor.deallocate()
    }

    /// The writer thread: buffers in ring order. A failed write ends the process
    /// (`Output.writeAll`: quietly for a closed pipe).
    private static func drain(_ ring: ByteRing, stopped: CountingSemaphore) {
        var j = 0
        while true {
            let n = ring.waitUntilFilled(j)
            if n < 0 {
                stopped.signal()
                return
            }
            Output.writeAll(1, UnsafeRawBufferPointer(rebasing: ring.buffers[j][0..<n]))
            ring.release()
            j = (j + 1) % ring.count
        }
    }

    /// Free room in the current buffer, after `gap` bytes kept for writes still to come, for a
    /// producer to fill in place (`EntryDataReader.next(into:)`); at most `limit` bytes. Writing
    /// bytes that begin exactly at the buffer's end then costs no copy. Starts a new buffer
    /// when fewer than `limit / 4` bytes would be free.
    func reserve(gap: Int, limit: Int) -> UnsafeMutableRawBufferPointer {
        precondition(gap <= limit / 4 && limit <= Self.bufferSize)
        if Self.bufferSize - count - gap < limit / 4 { flush() }
        let start = count + gap
        let end = min(Self.bufferSize, start + limit)
        return UnsafeMutableRawBufferPointer(start: base + start, count: end - start)
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "write after finish")
        if let start = bytes.baseAddress, start == UnsafeRawPointer(base + count),
            bytes.count <= Self.bufferSize - count
        {
            // Already in place (filled through `reserve`).
            count += bytes.count
            if count == Self.bufferSize { flush() }
            return
        }
        var rest = bytes
        while rest.count > 0 {
            let n = min(Self.bufferSize - count, rest.count)
            // copyMemory is memmove: bytes reserved in this buffer may move down over a gap.
            (base + count).copyMemory(from: rest.baseAddress!, byteCount: n)
            count += n
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if count == Self.bufferSize { flush() }
        }
    }

    /// Small bytes (a column's prefix, a number) copied without a `memmove` call.
    @inline(__always)
    func writeSmall(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        let at = count
        guard n <= 32, Self.bufferSize - at >= n, let src = bytes.baseAddress else {
            write(bytes)
            return
        }
        // Position and buffer in locals: the stores could alias the class's properties otherwise,
        // which makes the compiler reload them for every byte.
        let dst = base + at
        for i in 0..<n {
            dst.storeBytes(of: src.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
        }
        count = at + n
    }

    /// A whole COPY row as its CSV row when no field needs decoding or quotes (no backslash, comma,
    /// double quote or CR, no empty field) and it has `fields` fields: the line with its tabs
    /// turned into commas, sixteen bytes at a time, and a newline. False (nothing written)
    /// otherwise, or when the buffer has no room for it; the caller then writes field by field.
    func writePlainCSVRow(_ line: UnsafeRawBufferPointer, fields: Int) -> Bool {
        typealias Block = SIMD16<UInt8>
        let n = line.count
        let at = count
        guard n > 0, fields > 0, Self.bufferSize - at > n, let src = line.baseAddress else { return false }
        // an empty first or last field is written "" (a NULL is nothing): the field path does that
        if src.load(as: UInt8.self) == 0x09 || src.load(fromByteOffset: n - 1, as: UInt8.self) == 0x09 { return false }
        // escapes (NULLs among them) first, with memchr: a row with one goes field by field at once
        if Platform.firstByte(0x5C, in: src, count: n) != nil { return false }
        let dst = base + at
        let (tab, comma) = (Block(repeating: 0x09), Block(repeating: 0x2C))
        let (quote, cr) = (Block(repeating: 0x22), Block(repeating: 0x0D))
        var tabs = 0
        var i = 0
        // One byte at a time: the first block (its bytes have no block before them) and the tail.
        func scalar(upTo end: Int) -> Bool {
            while i < end {
                var b = src.load(fromByteOffset: i, as: UInt8.self)
                if b == 0x2C || b == 0x22 || b == 0x0D { return false }
                if b == 0x09 {
                    if i > 0 && src.load(fromByteOffset: i - 1, as: UInt8.self) == 0x09 { return false }
                    tabs &+= 1
                    b = 0x2C
                }
                dst.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
            return true
        }
        guard scalar(upTo: min(n, Block.scalarCount)) else { return false }
        while n - i >= Block.scalarCount {
            let v = src.loadUnaligned(fromByteOffset: i, as: Block.self)
            let isTab = v .== tab
            // the byte before each lane (i >= 16 here): two tabs in a row are an empty field
            let before = src.loadUnaligned(fromByteOffset: i - 1, as: Block.self)
            let stop = (v .== comma) .| (v .== quote) .| (v .== cr) .| (isTab .& (before .== tab))
            let stopWords = unsafeBitCast(stop, to: SIMD2<UInt64>.self)
            if stopWords[0] | stopWords[1] != 0 { return false }
            dst.storeBytes(of: v.replacing(with: 0x2C, where: isTab), toByteOffset: i, as: Block.self)
            let tabWords = unsafeBitCast(isTab, to: SIMD2<UInt64>.self)
            tabs &+= (tabWords[0].nonzeroBitCount &+ tabWords[1].nonzeroBitCount) &>> 3
            i &+= Block.scalarCount
        }
        guard scalar(upTo: n), tabs &+ 1 == fields else { return false }
        dst.storeBytes(of: 0x0A, toByteOffset: n, as: UInt8.self)
        count = at + n + 1
        return true
    }

    /// A whole COPY row as its TSV row (the line itself and a newline) when it has no backslash
    /// (so its tabs are exactly its field separators) and `fields` fields. False (nothing written)
    /// otherwise, or when the buffer has no room for it.
    func writePlainTSVRow(_ line: UnsafeRawBufferPointer, fields: Int) -> Bool {
        typealias Block = SIMD16<UInt8>
        let n = line.count
        let at = count
        guard fields > 0, Self.bufferSize - at > n else { return false }
        guard let src = line.baseAddress, n > 0 else {
            guard fields == 1 else { return false }
            writeByte(0x0A)
            return true
        }
        if Platform.firstByte(0x5C, in: src, count: n) != nil { return false }
        let dst = base + at
        let tab = Block(repeating: 0x09)
        var tabs = 0
        var i = 0
        while n - i >= Block.scalarCount {
            let v = src.loadUnaligned(fromByteOffset: i, as: Block.self)
            dst.storeBytes(of: v, toByteOffset: i, as: Block.self)
            let tabWords = unsafeBitCast(v .== tab, to: SIMD2<UInt64>.self)
            tabs &+= (tabWords[0].nonzeroBitCount &+ tabWords[1].nonzeroBitCount) &>> 3
            i &+= Block.scalarCount
        }
        while i < n {
            let b = src.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x09 { tabs &+= 1 }
            dst.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
            i &+= 1
        }
        guard tabs &+ 1 == fields else { return false }
        dst.storeBytes(of: 0x0A, toByteOffset: n, as: UInt8.self)
        count = at + n + 1
        return true
    }

    /// A raw COPY field as its CSV value when it needs neither decoding nor quotes: not empty,
    /// and no backslash, comma, double quote, CR or LF, checked while it is copied. False
    /// (nothing written) otherwise, or when the buffer has no room for it.
    func writePlainCSVField(_ raw: UnsafeRawBufferPointer) -> Bool {
        let n = raw.count
        let at = count
        guard n > 0, Self.bufferSize - at >= n, let src = raw.baseAddress else { return false }
        let dst = base + at
        for i in 0..<n {
            let b = src.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D || b == 0x5C { return false }
            dst.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
        }
        count = at + n
        return true
    }

    /// `value` in double quotes when it is printable ASCII without `"` or `\`, checked while it is
    /// copied; false (nothing written) otherwise, or when the buffer has no room for it.
    func writePlainJSONString(_ value: UnsafeRawBufferPointer) -> Bool {
        let n = value.count
        guard Self.bufferSize - count >= n + 2 else { return false }
        guard let src = value.baseAddress else {
            writeByte(0x22)
            writeByte(0x22)
            return true
        }
        let dst = base + count
        dst.storeBytes(of: 0x22, as: UInt8.self)
        for i in 0..<n {
            let b = src.load(fromByteOffset: i, as: UInt8.self)
            if b < 0x20 || b >= 0x80 || b == 0x22 || b == 0x5C { return false }
            dst.storeBytes(of: b, toByteOffset: 1 + i, as: UInt8.self)
        }
        dst.storeBytes(of: 0x22, toByteOffset: n + 1, as: UInt8.self)
        count += n + 2
        return true
    }

    @inline(__always)
    func writeByte(_ b: UInt8) {
        if count == Self.bufferSize { flush() }
        base.storeBytes(of: b, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    func write(_ s: String) { write(ArchiveText.bytes(of: s)) }

    func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    /// Hands the bytes written so far to the writer thread (without waiting for them to be written).
    func flush() {
        guard count > 0 else { return }
        submit(count)
        count = 0
    }

    /// Writes everything and stops the writer thread.
    func finish() {
        guard !finished else { return }
        flush()
        finished = true
        ring.publish(current, length: -1)
        stopped.wait()
    }

    /// Queues the current buffer and moves on to the next, waiting while all are queued.
    private func submit(_ n: Int) {
        ring.publish(current, length: n)
        current = (current + 1) % Self.bufferCount
        base = ring.buffers[current].baseAddress!
        ring.waitUntilFree()
    }
}
