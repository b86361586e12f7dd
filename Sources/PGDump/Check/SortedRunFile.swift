/// Sorted runs of fixed-size records on disk, for the check's bounded-memory key logs
/// (``KeyRunLog``, ``IntKeyRuns``): a run is written once to an unlinked temporary file in
/// `$TMPDIR` (so the space is returned when the descriptor closes, also on Ctrl-C or a crash) and
/// read back in chunks while runs are merged.
enum SortedRunFile {
    /// Writes `count` records to a new unlinked temporary file; returns its descriptor.
    static func write<Record>(_ records: UnsafePointer<Record>, count: Int) throws -> Int32 {
        let fd = try create()
        do { try append(records, count: count, to: fd) } catch {
            Platform.close(fd)
            throw error
        }
        return fd
    }

    /// A new, empty, unlinked temporary file in `$TMPDIR`.
    static func create() throws -> Int32 {
        let fd = Platform.unlinkedTemporaryFile(in: directory, prefix: "pgdmp-check-run")
        guard fd >= 0 else {
            throw PGDumpError(.io, "cannot create a sorted run in \(directory): \(Platform.lastErrorMessage)")
        }
        return fd
    }

    /// Appends `count` records to the run file `fd`.
    static func append<Record>(_ records: UnsafePointer<Record>, count: Int, to fd: Int32) throws {
        let bytes = count * MemoryLayout<Record>.stride
        var written = 0
        while written < bytes {
            let n = Platform.write(fd, UnsafeRawPointer(records) + written, count: bytes - written)
            if n <= 0 {
                throw PGDumpError(.io, "cannot write a sorted run in \(directory): \(Platform.lastErrorMessage)")
            }
            written += n
        }
    }

    private static var directory: String {
        Platform.environment("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// A run read back in chunks of 4096 records.
    struct Reader<Record> {
        let fd: Int32
        private var remaining: Int
        private var offset = 0
        private var chunk: [Record] = []
        private var index = 0
        private let blank: Record

        /// A reader of the `records` records in `fd`; `blank` fills the chunk before it is read into.
        init(fd: Int32, records: Int, blank: Record) throws {
            self.fd = fd
            self.remaining = records
            self.blank = blank
            try refill()
        }

        var current: Record? { index < chunk.count ? chunk[index] : nil }

        private mutating func refill() throws {
            let n = min(remaining, 4096)
            var fresh = [Record](repeating: blank, count: n)
            index = 0
            defer { chunk = fresh }
            guard n > 0 else { return }
            let bytes = n * MemoryLayout<Record>.stride
            var got = 0
            let (fd, start) = (self.fd, self.offset)
            try fresh.withUnsafeMutableBytes { p in
                while got < bytes {
                    let r = Platform.read(fd, into: p.baseAddress! + got, count: bytes - got, at: UInt64(start + got))
                    if r <= 0 {
                        throw PGDumpError(.io, "cannot read back a sorted run: \(Platform.lastErrorMessage)")
                    }
                    got += r
                }
            }
            offset += bytes
            remaining -= n
        }

        mutating func advance() throws {
            index += 1
            if index >= chunk.count && remaining > 0 { try refill() }
        }
    }

    /// The records of several sorted runs and sorted in-memory buffers, merged in ascending order
    /// (equal records from different sources come one after the other; the caller decides what
    /// they mean). The buffers must outlive the merge.
    struct Merge<Record: Comparable> {
        private var readers: [Reader<Record>]
        private var memory: [(records: UnsafeBufferPointer<Record>, at: Int)]

        init(runs: [(fd: Int32, records: Int)], memory: [UnsafeBufferPointer<Record>], blank: Record) throws {
            readers = try runs.map { try Reader(fd: $0.fd, records: $0.records, blank: blank) }
            self.memory = memory.filter { !$0.isEmpty }.map { ($0, 0) }
        }

        /// The smallest record not yet returned, or nil when every source is done.
        mutating func next() throws -> Record? {
            var best: Record?
            var from = -1
            // (by index: a copy of a reader per record retained and released its chunk)
            for i in readers.indices {
                guard let c = readers[i].current else { continue }
                if best == nil || c < best! {
                    best = c
                    from = i
                }
            }
            for i in memory.indices where memory[i].at < memory[i].records.count {
                let c = memory[i].records[memory[i].at]
                if best == nil || c < best! {
                    best = c
                    from = readers.count + i
                }
            }
            guard best != nil else { return nil }
            if from < readers.count { try readers[from].advance() } else { memory[from - readers.count].at += 1 }
            return best
        }
    }
}
