/// (key, line) records of one unique check, in bounded memory: appended row by row into a buffer
/// of at most `capacity` records; a full buffer is sorted and written to a ``SortedRunFile`` (an
/// unlinked temporary file in `$TMPDIR`, so the disk space is returned when the process ends, also
/// on Ctrl-C or a crash). `forEachRepeatedKey` merges the runs and reports every key held by two or
/// more lines. The key is an exact value (a canonical integer) or a fingerprint; which one is the
/// owner's business. The owner calls `close()`.
struct KeyRunLog {
    struct Record: Comparable {
        var key: UInt64
        var line: UInt64
        static func < (a: Record, b: Record) -> Bool { (a.key, a.line) < (b.key, b.line) }
    }

    private var buffer: UnsafeMutablePointer<Record>
    private var capacity: Int
    private let maxCapacity: Int
    private(set) var count = 0
    private var runs: [(fd: Int32, records: Int)] = []
    /// Records appended in all.
    private(set) var total = 0
    /// Bytes written to runs on disk.
    private(set) var spilledBytes = 0
    /// Peak bytes of the in-memory buffer.
    var memoryBytes: Int { capacity * MemoryLayout<Record>.stride }

    /// `maxRecords`: the buffer's limit before a run is written (at least 16).
    init(maxRecords: Int) {
        maxCapacity = max(16, maxRecords)
        capacity = min(256, maxCapacity)
        buffer = .allocate(capacity: capacity)
    }

    mutating func close() {
        buffer.deallocate()
        for r in runs { Platform.close(r.fd) }
        runs = []
    }

    @inline(__always) mutating func append(_ key: UInt64, line: UInt64) throws {
        if count == capacity { try makeRoom() }
        buffer[count] = Record(key: key, line: line)
        count += 1
        total += 1
    }

    private mutating func makeRoom() throws {
        if capacity < maxCapacity {
            let bigger = UnsafeMutablePointer<Record>.allocate(capacity: min(capacity * 2, maxCapacity))
            bigger.moveInitialize(from: buffer, count: count)
            buffer.deallocate()
            buffer = bigger
            capacity = min(capacity * 2, maxCapacity)
            return
        }
        try spill()
    }

    /// Sorts the buffer by (key, line). Lines were appended in ascending order, so a stable sort on
    /// the key alone is enough: keys already in order (ids dumped in order) cost one look; large
    /// buffers take an LSD radix sort (16 bits a pass, passes where every key has the same digit skipped).
    private mutating func sortBuffer() {
        let n = count
        guard n > 1 else { return }
        var inOrder = true
        for i in 1..<n where buffer[i - 1].key > buffer[i].key {
            inOrder = false
            break
        }
        if inOrder { return }
        if n < 4096 {
            var all = UnsafeMutableBufferPointer(start: buffer, count: n)
            all.sort { $0.key != $1.key ? $0.key < $1.key : $0.line < $1.line }
            return
        }
        RadixSort.sort(buffer, count: n) { $0.key }
    }

    private mutating func spill() throws {
        sortBuffer()
        let fd = try SortedRunFile.write(buffer, count: count)
        runs.append((fd, count))
        spilledBytes += count * MemoryLayout<Record>.stride
        count = 0
    }

    /// Every key held by two or more lines: `body(key, lines)` with the lines ascending, keys ascending.
    mutating func forEachRepeatedKey(_ body: (UInt64, [UInt64]) throws -> Void) throws {
        sortBuffer()
        var merge = try SortedRunFile.Merge(
            runs: runs, memory: [UnsafeBufferPointer(start: buffer, count: count)], blank: Record(key: 0, line: 0))
        var group: [UInt64] = []
        var groupKey: UInt64 = 0
        while let r = try merge.next() {
            if !group.isEmpty && r.key == groupKey {
                group.append(r.line)
                continue
            }
            if group.count > 1 { try body(groupKey, group) }
            group = [r.line]
            groupKey = r.key
        }
        if group.count > 1 { try body(groupKey, group) }
    }
}

/// A 64-bit fingerprint of a key's bytes (seeded per process, so crafted keys cannot collide on
/// purpose). Equal keys have equal fingerprints; equal fingerprints are only candidates, confirmed
/// on the keys themselves. `bits` < 64 keeps fewer bits (tests force collisions with it).
enum KeyFingerprint {
    private static let seed = UInt64.random(in: .min ... .max)

    @inline(__always)
    static func of(_ b: UnsafeRawBufferPointer, bits: Int = 64) -> UInt64 {
        var h = seed ^ (UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        let n = b.count
        while i + 8 <= n {
            let w = b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(b[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return masked(h, bits: bits)
    }

    @inline(__always) static func masked(_ h: UInt64, bits: Int) -> UInt64 {
        bits >= 64 ? h : h & ((1 << UInt64(bits)) - 1)
    }

    /// Fingerprints of several fields, combined in order (for keys of several columns).
    static let start: UInt64 = 0x243F_6A88_85A3_08D3
    @inline(__always) static func combine(_ h: UInt64, _ field: UInt64) -> UInt64 {
        var x = (h ^ field) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        return x &+ (h << 7 | h >> 57)
    }
}
