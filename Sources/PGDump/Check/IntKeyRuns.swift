/// The integer keys of one side of a foreign key from one table, in bounded memory: appended row
/// by row into a buffer of at most `maxRecords` keys; a full buffer is sorted, its repeats dropped,
/// and written to a ``SortedRunFile``. ``finish()`` sorts the rest and keeps it in memory while the
/// check's shared ``RetainBudget`` allows (small tables, the common case, never touch the disk),
/// else writes it too, so finished sets hold bounded memory until all tables are read. ``missing(_:from:orIn:)`` then merges the
/// referencing side's runs with the referenced side's and gives the keys with no match: the
/// orphans, whose rows a second, targeted pass collects.
///
/// A class, so the sets of a referenced table are shared by every foreign key that points at it;
/// the files close when the last reference goes.
final class IntKeyRuns {
    private var buffer: UnsafeMutablePointer<Int64>
    private var capacity: Int
    private let maxCapacity: Int
    private var count = 0
    /// Runs on disk, oldest first, with their merge level (levels never rise towards the end).
    private var runs: [(fd: Int32, records: Int, level: Int)] = []
    /// Runs of one level merged into one of the next as soon as there are this many, so a small
    /// buffer makes a few runs of each level, not thousands of files.
    static let fanIn = 16
    /// Bytes written to runs on disk.
    private(set) var spilledBytes = 0
    /// Peak bytes of the in-memory buffer.
    private(set) var memoryBytes: Int
    /// The sorted distinct keys ``finish()`` kept in memory instead of writing a run (owned).
    private var retained: UnsafeMutablePointer<Int64>?
    private var retainedCount = 0
    private let budget: RetainBudget?

    /// The memory all finished sets of one check may keep, shared by its scanners.
    final class RetainBudget: @unchecked Sendable {
        private let lock = NSLockLite()
        private var left: Int
        init(bytes: Int) { left = bytes }
        /// Takes `bytes` of the budget if that much is left.
        func take(_ bytes: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard bytes <= left else { return false }
            left -= bytes
            return true
        }
    }

    /// `maxRecords`: the buffer's limit before a run is written (at least 16); `budget`: what
    /// finished sets may keep in memory (nil: nothing).
    init(maxRecords: Int, budget: RetainBudget? = nil) {
        self.budget = budget
        maxCapacity = max(16, maxRecords)
        capacity = min(256, maxCapacity)
        buffer = .allocate(capacity: capacity)
        memoryBytes = capacity * 8
    }

    deinit {
        buffer.deallocate()
        retained?.deallocate()
        for r in runs { Platform.close(r.fd) }
    }

    /// Bytes the set keeps in memory once finished.
    var retainedBytes: Int { retainedCount * 8 }

    @inline(__always) func append(_ key: Int64) throws {
        if count == capacity { try makeRoom() }
        buffer[count] = key
        count += 1
    }

    private func makeRoom() throws {
        if capacity < maxCapacity {
            let grown = min(capacity * 2, maxCapacity)
            let bigger = UnsafeMutablePointer<Int64>.allocate(capacity: grown)
            bigger.moveInitialize(from: buffer, count: count)
            buffer.deallocate()
            buffer = bigger
            capacity = grown
            memoryBytes = max(memoryBytes, capacity * 8)
            return
        }
        try spill()
    }

    /// Sorts the buffer and drops repeats; returns how many keys are left.
    private func sortDistinct() -> Int {
        var inOrder = true
        for i in 1..<max(1, count) where buffer[i - 1] > buffer[i] {
            inOrder = false
            break
        }
        if inOrder {
            // (keys dumped in order, as ids often are: nothing to sort)
        } else if count < 4096 {
            var all = UnsafeMutableBufferPointer(start: buffer, count: count)
            all.sort()
        } else {
            // the sign bit flipped: signed order as unsigned
            RadixSort.sort(buffer, count: count) { UInt64(bitPattern: $0) ^ (1 << 63) }
        }
        var distinct = 0
        for i in 0..<count where i == 0 || buffer[i] != buffer[distinct - 1] {
            buffer[distinct] = buffer[i]
            distinct += 1
        }
        return distinct
    }

    /// Sorts the buffer, drops repeats and writes it as a run.
    private func spill() throws {
        guard count > 0 else { return }
        try writeRun(distinct: sortDistinct())
    }

    /// Writes the buffer's first `distinct` keys (sorted, without repeats) as a run and empties it.
    private func writeRun(distinct: Int) throws {
        let fd = try SortedRunFile.write(buffer, count: distinct)
        runs.append((fd, distinct, 0))
        spilledBytes += distinct * 8
        count = 0
        while runs.count >= Self.fanIn, runs[(runs.count - Self.fanIn)...].allSatisfy({ $0.level == runs.last!.level })
        {
            try mergeLastRuns()
        }
    }

    /// Merges the last ``fanIn`` runs (all of one level) into one run of the next level.
    private func mergeLastRuns() throws {
        let tail = Array(runs.suffix(Self.fanIn))
        var merge = try Merge(runs: tail.map { ($0.fd, $0.records) })
        let fd = try SortedRunFile.create()
        var chunk: [Int64] = []
        chunk.reserveCapacity(4096)
        var records = 0
        do {
            while let k = try merge.next() {
                chunk.append(k)
                if chunk.count == 4096 {
                    try chunk.withUnsafeBufferPointer {
                        try SortedRunFile.append($0.baseAddress!, count: $0.count, to: fd)
                    }
                    records += chunk.count
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            try chunk.withUnsafeBufferPointer { p in
                if let base = p.baseAddress { try SortedRunFile.append(base, count: p.count, to: fd) }
            }
            records += chunk.count
        } catch {
            Platform.close(fd)
            throw error
        }
        for r in tail { Platform.close(r.fd) }
        runs.removeLast(Self.fanIn)
        runs.append((fd, records, tail[0].level + 1))
        spilledBytes += records * 8
    }

    /// Keeps what the buffer holds in memory (when nothing was written yet and the budget allows)
    /// or writes it as a run, and frees the buffer: call once, after the last key.
    func finish() throws {
        if count > 0 {
            let distinct = sortDistinct()
            if runs.isEmpty && budget?.take(distinct * 8) == true {
                let kept = UnsafeMutablePointer<Int64>.allocate(capacity: distinct)
                kept.initialize(from: buffer, count: distinct)
                (retained, retainedCount, count) = (kept, distinct, 0)
            } else {
                try writeRun(distinct: distinct)
            }
        }
        buffer.deallocate()
        buffer = .allocate(capacity: 1)
        capacity = 0
    }

    /// Every distinct key of `sets` (finished), ascending, merged from all their runs and the keys
    /// they kept in memory.
    struct Merge {
        private var merge: SortedRunFile.Merge<Int64>
        private var last: Int64?

        init(_ sets: [IntKeyRuns]) throws {
            merge = try SortedRunFile.Merge(
                runs: sets.flatMap { set in set.runs.map { ($0.fd, $0.records) } },
                memory: sets.map { UnsafeBufferPointer(start: $0.retained, count: $0.retainedCount) }, blank: 0)
        }

        init(runs: [(fd: Int32, records: Int)]) throws {
            merge = try SortedRunFile.Merge(runs: runs, memory: [], blank: 0)
        }

        mutating func next() throws -> Int64? {
            while let key = try merge.next() {
                if key != last {
                    last = key
                    return key
                }
            }
            return nil
        }
    }

    /// The keys of `children` found neither in `parents` nor in `extra` (keys of the referenced
    /// side held in memory); all sets finished.
    static func missing(_ children: [IntKeyRuns], from parents: [IntKeyRuns], orIn extra: Set<Int64>) throws -> Set<
        Int64
    > {
        var child = try Merge(children)
        var parent = try Merge(parents)
        var p = try parent.next()
        var out = Set<Int64>()
        while let k = try child.next() {
            while let q = p, q < k { p = try parent.next() }
            if p != k && !extra.contains(k) { out.insert(k) }
        }
        return out
    }
}
