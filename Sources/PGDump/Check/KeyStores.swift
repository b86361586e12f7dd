// The key stores of `check`'s table scans: flat, manually managed tables and logs of integer keys
// (no reference counting or per-key allocation in the row loop), and the dictionary-backed
// ``KeyStore`` for every other key. Each owner calls `deallocate()` when its scan ends.

/// Keys of one check: canonical decimal integers of single-column keys as Int64 (canonical text and
/// integer are a bijection, so equality is the same as on the text), every other key as raw bytes.
struct KeyStore<V> {
    var ints: [Int64: V] = [:]
    var bytes: [[UInt8]: V] = [:]
    var count: Int { ints.count + bytes.count }
}

/// Int64 key → first line (lines are 1-based: 0 marks a free slot), open addressing with linear
/// probing; the per-row set of unique checks on integer columns. A struct (no reference counting in
/// the row loop): its owner calls `deallocate()`.
///
/// Runs of 8 consecutive keys (ids, mostly dumped in order) go to 8 consecutive slots from a
/// hashed start: one cache miss per run rather than per row. Keys with a stride of 8 or more are
/// spread by the hash alone.
struct Int64LineTable {
    private struct Entry {
        var key: Int64
        var line: UInt64
    }
    private var slots: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private var shift: UInt64
    private(set) var count = 0
    /// Keys come from the archive: a per-process seed keeps crafted keys from colliding on purpose.
    private static let seed = UInt64.random(in: .min ... .max)

    init() {
        capacity = 1 << 6
        shift = 64 - 6
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Entry(key: 0, line: 0), count: capacity)
    }

    func deallocate() { slots.deallocate() }

    /// Memory held by the table.
    var bytes: Int { capacity * MemoryLayout<Entry>.stride }

    @inline(__always) private func slot(_ k: Int64) -> Int {
        let u = UInt64(bitPattern: k)
        let start = (((u >> 3) ^ Self.seed) &* 0x9E37_79B9_7F4A_7C15) >> shift
        return Int(truncatingIfNeeded: (start &+ (u & 7)) & UInt64(capacity - 1))
    }

    /// Adds `k` with `line` and returns nil, or returns the line already stored for `k`.
    @inline(__always) mutating func insert(_ k: Int64, line: UInt64) -> UInt64? {
        if count * 4 >= capacity * 3 { grow() }
        let mask = capacity - 1
        var i = slot(k)
        while true {
            let e = slots[i]
            if e.line == 0 {
                slots[i] = Entry(key: k, line: line)
                count += 1
                return nil
            }
            if e.key == k { return e.line }
            i = (i + 1) & mask
        }
    }

    /// The line stored for `k`.
    @inline(__always) func find(_ k: Int64) -> UInt64? {
        let mask = capacity - 1
        var i = slot(k)
        while true {
            let e = slots[i]
            if e.line == 0 { return nil }
            if e.key == k { return e.line }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        let oldCapacity = capacity
        capacity *= 2
        shift -= 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Entry(key: 0, line: 0), count: capacity)
        let mask = capacity - 1
        for j in 0..<oldCapacity where old[j].line != 0 {
            var i = slot(old[j].key)
            while slots[i].line != 0 { i = (i + 1) & mask }
            slots[i] = old[j]
        }
        old.deallocate()
    }
}

/// (key, line) pairs appended row by row, in plain memory; the owner calls `deallocate()`.
struct KeyLineLog {
    private var entries: UnsafeMutablePointer<(key: Int64, line: UInt64)>
    private(set) var count = 0
    private var capacity = 256

    init() { entries = .allocate(capacity: capacity) }

    func deallocate() { entries.deallocate() }

    var buffer: UnsafeMutableBufferPointer<(key: Int64, line: UInt64)> { .init(start: entries, count: count) }

    @inline(__always) mutating func append(_ k: Int64, line: UInt64) {
        if count == capacity { grow() }
        (entries + count).initialize(to: (k, line))
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<(key: Int64, line: UInt64)>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = bigger
        capacity *= 2
    }
}
