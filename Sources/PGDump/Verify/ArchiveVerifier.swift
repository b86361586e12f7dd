/// Proves an archive whole by reading every data and large-object block to its end:
/// block framing, complete compressed streams (end of stream, codec checksums), COPY end
/// markers and INSERT statements, exactly one block per entry that has data, TOC offsets
/// that point at the right block, and nothing after the last block.
///
/// The custom format is read front to back once, so pipe-written archives and standard input
/// work. Directory and tar archives are checked entry by entry in TOC order, then the tar's
/// remaining members and end-of-archive blocks.
///
/// Use it before a long restore, or after copying an archive, to learn whether every data block is
/// there and decodes: ``run()`` returns a ``VerifyReport`` (it does not throw; damage is reported).
public struct ArchiveVerifier {
    /// The archive to verify.
    public var archive: Archive
    /// Keep going after the first problem and list every damaged entry.
    public var all: Bool
    /// The inflate implementation for gzip-compressed data.
    public var backend: InflateBackend
    /// Receives bytes checked so far (stored bytes; for the custom format the offset reached).
    public var progress: ProgressCounter?
    /// Threads decoding blocks of a custom-format file with data offsets (the results are
    /// applied in file order, so the report does not depend on them).
    public var workers: Int
    /// Entries another scan already read to their end and found whole (the report's check scan
    /// carries verify's content checks): taken as read, while the archive's structure is still
    /// walked here. Everything else is read as usual.
    package var knownContent: ContentVerdicts?

    /// A verifier of `archive`; see the properties for the parameters.
    public init(
        archive: Archive, all: Bool = false, backend: InflateBackend = .default,
        progress: ProgressCounter? = nil, workers: Int = DataScan.defaultWorkers
    ) {
        self.archive = archive
        self.all = all
        self.backend = backend
        self.progress = progress
        self.workers = max(1, workers)
    }

    /// Reads every data block (and large object) of the archive to its end and reports what is
    /// damaged, missing, unexpected or misplaced. Damage and read errors become ``VerifyProblem``s
    /// in the report rather than thrown errors, so one bad block does not hide the others (with
    /// ``all``).
    public func run() -> VerifyReport {
        let run = VerifyRun(self)
        do {
            try run.tocAgreesWithItself()
            switch archive.store {
            case .custom(let custom): try run.custom(custom)
            case .directory(let dir):
                try run.tocFileConsumed()
                try run.perEntry(stream: false)
                try run.directoryFilesClaimed(dir)
            case .tar(let tar):
                try run.tocFileConsumed()
                try run.perEntry(stream: !tar.source.isSeekable)
                if !run.restUnchecked { try run.tarTail(tar) }
            }
        } catch is StopVerifying {
        } catch {
            run.add(.corrupt, "\(error)", entry: nil)
        }
        return run.report()
    }
}

/// Thrown to stop at the first problem.
private struct StopVerifying: Error {}
/// The framing of a custom-format stream is broken: nothing after this can be found.
private struct FramingLost: Error { var error: PGDumpError }

/// Watches a chunked stream for framing errors, as opposed to errors in the bytes it carries.
private final class FramingWatch: CompressedInput {
    let inner: ChunkedStreamInput
    var failed = false
    let progress: ProgressCounter?
    /// Report the offset reached (one reader walking the file) or add the bytes read (several).
    let addsBytes: Bool
    init(_ inner: ChunkedStreamInput, progress: ProgressCounter?, addsBytes: Bool) {
        self.inner = inner
        self.progress = progress
        self.addsBytes = addsBytes
    }
    func nextPiece() throws -> UnsafeRawBufferPointer? {
        do {
            let piece = try inner.nextPiece()
            if addsBytes { progress?.add(UInt64(piece?.count ?? 0)) } else { progress?.advance(to: inner.offset) }
            return piece
        } catch {
            failed = true
            throw error
        }
    }
    var offset: UInt64 { inner.offset }
    var storedBytes: UInt64 { inner.storedBytes }
    var fileName: String { inner.fileName }
    func fileOffset(ofPieceByte k: Int) -> UInt64 { inner.fileOffset(ofPieceByte: k) }
}

private final class VerifyRun {
    let v: ArchiveVerifier
    var archive: Archive { v.archive }
    var problems: [VerifyProblem] = []
    var entries: [VerifiedEntry]
    var indexById: [Int32: Int] = [:]
    var restUnchecked = false
    var stopped = false
    var bytesChecked: UInt64 = 0

    init(_ v: ArchiveVerifier) {
        self.v = v
        let withData = v.archive.entries.filter(\.hasData)
        entries = withData.map(VerifiedEntry.init)
        for (i, e) in withData.enumerated() { indexById[e.dumpId] = i }
    }

    func report() -> VerifyReport {
        VerifyReport(
            archive: archive.path, format: archive.format.rawValue, problems: problems, entries: entries,
            bytesChecked: max(bytesChecked, v.progress?.value ?? 0), restUnchecked: restUnchecked,
            stoppedAtFirstProblem: stopped)
    }

    // MARK: recording

    func add(
        _ kind: VerifyProblem.Kind, _ message: String, entry: TOCEntry?, file: String? = nil,
        offset: UInt64? = nil, blockOffset: UInt64? = nil, status: VerifiedEntry.Status = .damaged
    ) {
        problems.append(
            VerifyProblem(
                kind: kind, message: message, dumpId: entry?.dumpId, entry: entry?.label,
                file: file ?? archive.path, offset: offset, blockOffset: blockOffset))
        if let entry, let i = indexById[entry.dumpId], entries[i].status != .damaged { entries[i].status = status }
    }

    /// Records a library error against an entry; stops unless `--all`.
    func record(
        _ e: PGDumpError, entry: TOCEntry?, blockOffset: UInt64? = nil, at fallback: UInt64? = nil,
        status: VerifiedEntry.Status = .damaged
    ) throws {
        var message = e.message
        switch (e.expected, e.found) {
        case let (x?, f?): message += " (expected \(x), found \(f))"
        case let (x?, nil): message += " (expected \(x))"
        case let (nil, f?): message += " (found \(f))"
        default: break
        }
        // Large-object errors name the object; keep that, the entry is named separately.
        if let c = e.context, let entry, c != entry.label { message = c + ": " + message }
        let kind: VerifyProblem.Kind
        switch e.kind {
        case .truncated: kind = .truncated
        case .notFound: kind = .missing
        default: kind = .corrupt
        }
        add(
            kind, message, entry: entry, file: e.file, offset: e.offset ?? fallback, blockOffset: blockOffset,
            status: status)
        try stopUnlessAll()
    }

    func stopUnlessAll() throws {
        if !v.all && !problems.isEmpty {
            stopped = true
            throw StopVerifying()
        }
    }

    func entryError(_ error: Error) -> PGDumpError {
        (error as? PGDumpError) ?? PGDumpError(.io, "\(error)")
    }

    /// Marks every entry not yet reached as unchecked and says so once.
    func giveUpOnRest(after offset: UInt64?) {
        restUnchecked = true
        let left = entries.filter { $0.status == .unchecked }.count
        if left > 0 {
            add(
                .unchecked, "the rest of the archive could not be checked (\(left) entries with data not reached)",
                entry: nil, offset: offset)
        }
    }

    // MARK: content

    /// Reads one data stream to its end, checking its contents; returns rows.
    func checkContent(_ entry: TOCEntry, _ data: EntryDataReader, onPiece: () -> Void = {}) throws -> UInt64 {
        if var content = CopyContentCheck(entry) {
            while let piece = try data.next() {
                content.scan(piece)
                onPiece()
            }
            return try content.finish()
        }
        if entry.desc == EntryDesc.tableData {
            var counter = InsertStatementCounter()
            while let piece = try data.next() {
                try counter.scan(piece)
                onPiece()
            }
            try counter.finish()
            return counter.rows
        }
        while try data.next() != nil { onPiece() }
        return 0
    }

    // MARK: custom format

    func custom(_ custom: CustomStore) throws {
        let locator = CustomBlockLocator(archive: archive, store: custom)
        let reader = try customDataReader(custom)
        let withData = archive.entries.filter(\.hasData)
        var prechecked = knownBlocks(withData)
        if custom.source.isSeekable && archive.hasDataOffsets && v.workers > 1 {
            let known = Set(prechecked.values.map(\.dumpId))
            let unknown = withData.filter { !known.contains($0.dumpId) }
            prechecked.merge(precheck(locator, custom.source, unknown)) { known, _ in known }
        }
        var blocks = BlockOwnership(withData: withData)
        do {
            while true {
                let at = reader.offset
                v.progress?.advance(to: at)
                let header: CustomBlockLocator.BlockHeader
                do {
                    guard let h = try locator.readHeader(reader) else { break }
                    header = h
                } catch let e as PGDumpError {
                    if let owner = blocks.predicted(at) {
                        try record(e, entry: owner, blockOffset: at, at: at)
                    } else {
                        add(
                            .unexpected, "unexpected bytes after the last data block (\(e.message))", entry: nil,
                            file: reader.name, offset: at)
                        try stopUnlessAll()
                    }
                    throw FramingLost(error: e)
                }
                guard let (entry, blockIsFirst) = try owner(of: header, at: at, blocks: &blocks, reader: reader) else {
                    do { try locator.skipPayload(header, reader) } catch let e as PGDumpError {
                        throw FramingLost(error: e)
                    }
                    continue
                }
                try checkCustomBlock(
                    header, of: entry, at: at, first: blockIsFirst, prechecked: prechecked, reader: reader)
            }
        } catch let lost as FramingLost {
            bytesChecked = reader.offset
            if v.all { giveUpOnRest(after: lost.error.offset) }
            return
        }
        bytesChecked = reader.offset
        v.progress?.advance(to: reader.offset)
        for e in withData where blocks.seen[e.dumpId] == nil {
            var where_ = "no data block for it before the end of the file"
            if case .offset(let o) = e.dataLocation { where_ += " (the TOC says it is at byte \(o))" }
            add(.missing, where_, entry: e, file: reader.name, offset: reader.offset, status: .missing)
            try stopUnlessAll()
        }
    }

    /// A reader at the first data block: a new one on a seekable file, else the stream's own
    /// (which must not have been read past the TOC).
    private func customDataReader(_ custom: CustomStore) throws -> ByteReader {
        let source = custom.source
        if source.isSeekable { return ByteReader(source: source, startingAt: archive.tocEndOffset) }
        let reader = custom.sequentialReader
        guard reader.offset == archive.tocEndOffset, custom.openStreamBlock == nil,
            custom.openStreamLargeObjects == nil
        else {
            throw PGDumpError(
                .usage, "the data of this stream was already read", file: archive.path, offset: reader.offset)
        }
        return reader
    }

    /// Which entry each data block belongs to, as the blocks go by.
    struct BlockOwnership {
        let withData: [TOCEntry]
        /// Entries by the data offset the TOC gives them.
        let byOffset: [UInt64: TOCEntry]
        /// Entries whose block was seen, with the offset of their (first) block.
        var seen: [Int32: UInt64] = [:]
        var nextInOrder = 0

        init(withData: [TOCEntry]) {
            self.withData = withData
            var byOffset: [UInt64: TOCEntry] = [:]
            for e in withData { if case .offset(let o) = e.dataLocation { byOffset[o] = e } }
            self.byOffset = byOffset
        }

        /// The entry whose block should start at `offset`: by TOC offset, else the next unseen one in
        /// TOC order (pg_dump writes blocks in TOC order).
        mutating func predicted(_ offset: UInt64) -> TOCEntry? {
            if let e = byOffset[offset], seen[e.dumpId] == nil { return e }
            while nextInOrder < withData.count && seen[withData[nextInOrder].dumpId] != nil { nextInOrder += 1 }
            return nextInOrder < withData.count ? withData[nextInOrder] : nil
        }
    }

    /// The entry the block at `at` belongs to, and whether it is that entry's first block, after
    /// reporting what is wrong with the attribution (unknown dump id, another entry's place, an
    /// entry without data, a second block, the wrong block type, a TOC offset elsewhere); nil for
    /// a block of a dump id the TOC does not have (its payload is to be skipped).
    private func owner(
        of header: CustomBlockLocator.BlockHeader, at: UInt64, blocks: inout BlockOwnership, reader: ByteReader
    ) throws -> (TOCEntry, Bool)? {
        let guess = blocks.predicted(at)
        guard var entry = archive.entry(dumpId: header.dumpId) else {
            let who = guess.map { ", where the block of \($0.label) was expected" } ?? ""
            add(
                .unexpected, "data block for dump id \(header.dumpId), which is not in the TOC\(who)",
                entry: guess, file: reader.name, offset: at, blockOffset: at)
            try stopUnlessAll()
            return nil
        }
        // A block that carries another entry's id where the TOC (offset, or order for a repeated id)
        // puts this entry's block: the damage is this entry's.
        if let g = guess, g.dumpId != entry.dumpId,
            blocks.byOffset[at]?.dumpId == g.dumpId || blocks.seen[entry.dumpId] != nil
        {
            let why = blocks.byOffset[at]?.dumpId == g.dumpId ? "the TOC offset" : "TOC order"
            add(
                .corrupt,
                "the block where \(why) puts this entry's data carries dump id \(header.dumpId) (\(entry.label))",
                entry: g, file: reader.name, offset: at + 1, blockOffset: at)
            try stopUnlessAll()
            entry = g
        }
        var blockIsFirst = true
        if !entry.hasData {
            add(
                .unexpected, "data block for an entry the TOC lists without data", entry: entry,
                file: reader.name, offset: at, blockOffset: at)
            try stopUnlessAll()
        }
        if let first = blocks.seen[entry.dumpId] {
            blockIsFirst = false
            add(
                .unexpected, "second data block for this entry (the first is at byte \(first))", entry: entry,
                file: reader.name, offset: at, blockOffset: at)
            try stopUnlessAll()
        } else {
            blocks.seen[entry.dumpId] = at
        }
        let wanted = entry.desc == EntryDesc.blobs ? CustomBlockLocator.blockBlobs : CustomBlockLocator.blockData
        if header.type != wanted {
            add(
                .corrupt, "data block has type \(header.type), expected \(wanted)", entry: entry,
                file: reader.name, offset: at, blockOffset: at)
            try stopUnlessAll()
        }
        if case .offset(let o) = entry.dataLocation, o != at, blockIsFirst {
            add(
                .misplaced, "the TOC says this entry's block is at byte \(o), but it is at byte \(at)",
                entry: entry, file: reader.name, offset: o, blockOffset: at)
            try stopUnlessAll()
        }
        return (entry, blockIsFirst)
    }

    /// Reads one block of `entry` to its end (or applies its pre-checked result) and records the
    /// entry's offsets, rows and sizes from its first block.
    private func checkCustomBlock(
        _ header: CustomBlockLocator.BlockHeader, of entry: TOCEntry, at: UInt64, first blockIsFirst: Bool,
        prechecked: [UInt64: CheckedBlock], reader: ByteReader
    ) throws {
        let index = indexById[entry.dumpId]
        if let i = index, blockIsFirst { entries[i].blockOffset = at }
        let problemsBefore = problems.count
        let outcome: BlockOutcome
        if let checked = prechecked[at], checked.dumpId == entry.dumpId, checked.type == header.type {
            outcome = try apply(checked, reader: reader)
        } else {
            outcome = try checkBlock(header, entry: entry, reader: reader) {
                try record($0.error, entry: $0.entry, blockOffset: $0.blockOffset, at: $0.at)
            }
        }
        if let i = index, blockIsFirst {
            entries[i].blockEnd = reader.offset
            entries[i].rows = outcome.rows
            entries[i].storedBytes = outcome.stored
            entries[i].uncompressedBytes = outcome.uncompressed
            if problems.count == problemsBefore && entries[i].status == .unchecked { entries[i].status = .ok }
        }
    }

    struct BlockOutcome {
        var rows: UInt64?
        var stored: UInt64 = 0
        var uncompressed: UInt64 = 0
    }

    /// A problem `checkBlock` found: the error, its entry, the block's offset, the offset reached.
    typealias BlockProblem = (error: PGDumpError, entry: TOCEntry, blockOffset: UInt64, at: UInt64)

    /// Checks one block's payload. Problems in the carried bytes go to `report` (which records
    /// them, and may stop) and the block is skipped by its framing; a framing problem throws
    /// `FramingLost`. Touches no state of the run, so blocks can be checked on worker threads.
    func checkBlock(
        _ h: CustomBlockLocator.BlockHeader, entry: TOCEntry, reader: ByteReader, onWorker: Bool = false,
        report: (BlockProblem) throws -> Void
    ) throws -> BlockOutcome {
        let intSize = archive.header.intSize
        let algorithm = archive.header.compression.algorithm
        var outcome = BlockOutcome()
        func stream(context: String) throws -> (FramingWatch, EntryDataReader) {
            let watch = FramingWatch(
                ChunkedStreamInput(reader: reader, intSize: intSize, coalesce: algorithm != .none),
                progress: v.progress, addsBytes: onWorker)
            let decompressor: Decompressor?
            do {
                decompressor = try Decompressors.make(algorithm, wrapper: .zlib, backend: v.backend)
            } catch let f as DecompressionFailure {
                throw PGDumpError(.io, f.message, context: context)
            }
            return (watch, EntryDataReader(input: watch, decompressor: decompressor, context: context))
        }
        /// After a problem inside a stream: skip the rest of it by its chunk framing.
        func recover(_ e: PGDumpError, _ watch: FramingWatch) throws {
            if watch.failed { throw FramingLost(error: e) }
            do { try watch.inner.drain() } catch let f as PGDumpError { throw FramingLost(error: f) }
        }

        if h.type == CustomBlockLocator.blockData {
            let (watch, data) = try stream(context: entry.label)
            do {
                outcome.rows = try checkContent(entry, data)
            } catch let e as PGDumpError {
                try report((e.inFile(reader.name), entry, h.offset, reader.offset))
                try recover(e, watch)
                outcome.rows = nil
            }
            outcome.stored = data.storedBytes
            outcome.uncompressed = data.uncompressedBytes
            return outcome
        }
        // Large objects: OID, chunked stream, …, then OID 0.
        let d = PrimitiveDecoder(reader: reader, intSize: intSize, offSize: 8)
        var objects: UInt64 = 0
        var damaged = false
        while true {
            let at = reader.offset
            let raw: Int64
            do {
                raw = try d.readInt("large object OID")
            } catch let e as PGDumpError {
                try report((e, entry, h.offset, at))
                throw FramingLost(error: e)
            }
            if raw == 0 { break }
            let (watch, data) = try stream(context: "large object \(UInt32(truncatingIfNeeded: raw))")
            do {
                while try data.next() != nil {}
            } catch let e as PGDumpError {
                damaged = true
                try report((e.inFile(reader.name), entry, h.offset, reader.offset))
                try recover(e, watch)
            }
            objects += 1
            outcome.stored += data.storedBytes
            outcome.uncompressed += data.uncompressedBytes
        }
        outcome.rows = damaged ? nil : objects
        return outcome
    }

    /// What `checkBlock` found for the block at a TOC offset, checked ahead on a worker thread.
    struct CheckedBlock {
        var dumpId: Int32
        var type: UInt8
        var outcome = BlockOutcome()
        var problems: [BlockProblem] = []
        var framingLost: PGDumpError?
        /// Where the block's check ended (the next block's header, unless framing was lost).
        var end: UInt64 = 0
    }
    /// Ends a worker's check at its first problem when the run stops at the first problem anyway.
    private struct StopBlock: Error {}

    /// Checks the blocks the TOC offsets point at on `workers` threads, largest first. The walk in
    /// `custom` then only reads block headers and applies these results in file order, so the
    /// report is the one a single reader would give; a block found anywhere else (damaged
    /// offsets) is checked by the walk itself.
    func precheck(_ locator: CustomBlockLocator, _ source: ByteSource, _ withData: [TOCEntry]) -> [UInt64: CheckedBlock]
    {
        let targets: [(offset: UInt64, entry: TOCEntry)] = DataScan(archive: archive).sizeOrder(withData).compactMap {
            if case .offset(let o) = $0.dataLocation { return (o, $0) }
            return nil
        }
        let lock = NSLockLite()
        var results: [UInt64: CheckedBlock] = [:]
        forEachConcurrently(targets.count, workers: v.workers) { k in
            let (offset, entry) = targets[k]
            // An offset past the end (damaged or hostile) is left to the walk, which names it.
            if let size = source.size, offset >= size { return }
            let reader = ByteReader(
                source: source, startingAt: offset,
                bufferSize: CustomBlockLocator.readSize(archive.dataExtent(of: entry.dumpId)))
            guard let header = try? locator.readHeader(reader), header.dumpId == entry.dumpId else { return }
            var checked = CheckedBlock(dumpId: entry.dumpId, type: header.type)
            do {
                checked.outcome = try checkBlock(header, entry: entry, reader: reader, onWorker: true) {
                    checked.problems.append($0)
                    if !v.all { throw StopBlock() }
                }
            } catch let lost as FramingLost {
                checked.framingLost = lost.error
            } catch {
                // StopBlock: applying the first problem stops the run. Anything else: unknown, so
                // leave this block to the walk.
                if !(error is StopBlock) { return }
            }
            checked.end = reader.offset
            lock.lock()
            results[offset] = checked
            lock.unlock()
        }
        return results
    }

    /// The blocks ``ArchiveVerifier/knownContent`` has clean verdicts for, as if checked ahead: the
    /// walk still reads each block's header and takes the verdict only for the entry and type it
    /// expects there.
    func knownBlocks(_ withData: [TOCEntry]) -> [UInt64: CheckedBlock] {
        guard let known = v.knownContent else { return [:] }
        var blocks: [UInt64: CheckedBlock] = [:]
        for entry in withData where entry.desc != EntryDesc.blobs {
            guard let verdict = known[entry.dumpId], let at = verdict.blockOffset else { continue }
            blocks[at] = CheckedBlock(
                dumpId: entry.dumpId, type: CustomBlockLocator.blockData,
                outcome: BlockOutcome(
                    rows: verdict.rows, stored: verdict.storedBytes, uncompressed: verdict.uncompressedBytes),
                end: verdict.end)
        }
        return blocks
    }

    /// Applies a block checked ahead as if `checkBlock` had just run on `reader`: the same problems
    /// in the same order (stopping at the first unless `--all`), the reader left where it would be.
    func apply(_ checked: CheckedBlock, reader: ByteReader) throws -> BlockOutcome {
        for p in checked.problems { try record(p.error, entry: p.entry, blockOffset: p.blockOffset, at: p.at) }
        try reader.seek(to: checked.end)
        if let lost = checked.framingLost { throw FramingLost(error: lost) }
        return checked.outcome
    }

    // MARK: directory and tar

    /// What reading one entry of a directory or tar archive found.
    struct EntryCheck {
        var file: String?
        var rows: UInt64?
        var uncompressed: UInt64 = 0
        var stored: UInt64 = 0
        /// Stored bytes read, including those of a stream that failed part-way.
        var bytesRead: UInt64 = 0
        var error: PGDumpError?
    }

    /// Reads one entry's data to its end. Touches no state of the run, so entries can be read on
    /// worker threads.
    func checkEntry(_ entry: TOCEntry) -> EntryCheck {
        var check = EntryCheck()
        if let verdict = v.knownContent?[entry.dumpId], case .file(let name) = entry.dataLocation {
            // Read to its end by another scan, with the same checks, and found whole.
            check.file = name
            check.rows = verdict.rows
            check.uncompressed = verdict.uncompressedBytes
            check.stored = verdict.storedBytes
            check.bytesRead = verdict.storedBytes
            v.progress?.add(verdict.storedBytes)
            return check
        }
        var lastStored: UInt64 = 0
        func tick(_ r: EntryDataReader) {
            let s = r.storedBytes
            if s > lastStored {
                v.progress?.add(s - lastStored)
                check.bytesRead += s - lastStored
                lastStored = s
            }
        }
        do {
            if case .file(let name) = entry.dataLocation { check.file = name }
            if entry.desc == EntryDesc.blobs {
                let los = try archive.openLargeObjects(entry, backend: v.backend)
                var objects: UInt64 = 0
                var bytes: UInt64 = 0
                var stored: UInt64 = 0
                while let (_, data) = try los.next() {
                    lastStored = 0
                    while let p = try data.next() {
                        bytes += UInt64(p.count)
                        tick(data)
                    }
                    tick(data)
                    stored += data.storedBytes
                    objects += 1
                }
                check.rows = objects
                check.uncompressed = bytes
                check.stored = stored
            } else {
                let data = try archive.openData(entry, backend: v.backend)
                do {
                    check.rows = try checkContent(entry, data) { tick(data) }
                } catch let e as PGDumpError {
                    // COPY and INSERT checks know no offset: the end of the data is where it failed.
                    throw e.offset == nil
                        ? PGDumpError(
                            e.kind, e.message, file: e.file ?? dataFile(entry),
                            offset: data.storedBytes, expected: e.expected,
                            found: e.found, context: e.context) : e
                }
                tick(data)
                check.uncompressed = data.uncompressedBytes
                check.stored = data.storedBytes
            }
        } catch let e as PGDumpError {
            check.rows = nil
            check.error = e
        } catch {
            check.rows = nil
            check.error = PGDumpError(.io, "\(error)")
        }
        return check
    }

    /// Reads every entry with data and records the results in TOC order. Files and seekable tars
    /// are read on `workers` threads first (the results, and so the report, are the same); on a
    /// stream the entries are read in order and the first problem ends the walk.
    func perEntry(stream: Bool) throws {
        let list = archive.entries.filter(\.hasData)
        var ahead: [EntryCheck?] = Array(repeating: nil, count: list.count)
        if !stream && v.workers > 1 && list.count > 1 {
            let lock = NSLockLite()
            forEachConcurrently(list.count, workers: v.workers) { i in
                let check = checkEntry(list[i])
                lock.lock()
                ahead[i] = check
                lock.unlock()
            }
        }
        for (i, entry) in list.enumerated() {
            let check = ahead[i] ?? checkEntry(entry)
            if let file = check.file { entries[i].file = file }
            bytesChecked += check.bytesRead
            if let e = check.error {
                let status: VerifiedEntry.Status = e.kind == .notFound ? .missing : .damaged
                try record(e, entry: entry, status: status)
                if stream {
                    giveUpOnRest(after: e.offset)
                    return
                }
                continue
            }
            entries[i].rows = check.rows
            entries[i].uncompressedBytes = check.uncompressed
            entries[i].storedBytes = check.stored
            entries[i].status = .ok
        }
    }

    /// Tar: the members after the last data member (restore.sql), member sizes, and the two
    /// zero blocks that end the archive, with nothing but zeros after them.
    func tarTail(_ tar: TarStore) throws {
        do {
            if let e = tar.indexError {
                if !problems.contains(where: { $0.offset == e.offset }) { try record(e, entry: nil) }
                return
            }
            while try tar.readNextMember() != nil {}
        } catch let e as PGDumpError {
            try record(e, entry: nil)
            return
        }
        try tarMembersClaimed(tar)
        guard let end = tar.endBlockOffset else {
            add(
                .truncated, "tar archive ends without its end-of-archive blocks (two 512-byte zero blocks)",
                entry: nil, offset: tar.nextHeaderOffset)
            try stopUnlessAll()
            return
        }
        let reader: ByteReader
        if tar.source.isSeekable {
            reader = ByteReader(source: tar.source, startingAt: end + 512)
        } else {
            reader = tar.sequentialReader
            guard reader.offset == end + 512 else { return }
        }
        var zeros: UInt64 = 512
        while true {
            let buf = try reader.peekBuffered()
            if buf.isEmpty { break }
            if let i = buf.firstIndex(where: { $0 != 0 }) {
                add(
                    .unexpected, "non-zero bytes after the tar end-of-archive block", entry: nil,
                    offset: reader.offset + UInt64(i))
                try stopUnlessAll()
                return
            }
            zeros += UInt64(buf.count)
            reader.consume(buf.count)
        }
        if zeros < 1024 {
            add(
                .truncated, "tar archive ends after one of its two end-of-archive blocks", entry: nil,
                offset: end + zeros)
            try stopUnlessAll()
        }
        bytesChecked = max(bytesChecked, reader.offset)
    }
}

extension VerifyRun {
    /// Where an entry's data lives, for problems found after reading it (COPY, INSERT checks).
    func dataFile(_ entry: TOCEntry) -> String? {
        guard case .file(let f) = entry.dataLocation else { return nil }
        guard archive.format == .directory else { return archive.path + " (member " + f + ")" }
        // The file as it is on disk, with the compression suffix pg_restore would try.
        for suffix in ["", ".gz", ".lz4", ".zst"] where Platform.status(ofPath: archive.path + "/" + f + suffix) != nil
        {
            return archive.path + "/" + f + suffix
        }
        return archive.path + "/" + f
    }
}

// MARK: accounting for every byte

extension VerifyRun {
    /// pg_dump gives an entry a data location exactly when it has a data dumper (`hadDumper`), and
    /// pg_restore skips the data of an entry without one. An entry with a block, file or member
    /// but no dumper is data a restore silently leaves out; one with a dumper but no location is
    /// data that was never written.
    func tocAgreesWithItself() throws {
        for e in archive.entries where e.hadDumper != e.hasData {
            if e.hasData {
                var place = ""
                switch e.dataLocation {
                case .offset(let o): place = " (its block is at byte \(o))"
                case .file(let f): place = " (\(f))"
                default: break
                }
                add(
                    .unexpected,
                    "the TOC gives this entry data\(place) but marks it as having none (hadDumper is 0): pg_restore skips this data",
                    entry: e, offset: e.tocOffset)
            } else {
                add(
                    .missing,
                    "the TOC marks this entry as dumped with data (hadDumper is set) but records no data for it",
                    entry: e, offset: e.tocOffset, status: .missing)
            }
            try stopUnlessAll()
        }
    }

    /// Directory and tar: the TOC must end exactly where `toc.dat` ends. A damaged count or integer
    /// size can make the TOC read as fewer entries than it has, with the rest of the file unread.
    func tocFileConsumed() throws {
        let (file, end): (String, UInt64?)
        switch archive.store {
        case .directory:
            file = archive.path + "/toc.dat"
            end = Platform.status(ofPath: file)?.size  // toc.dat.gz etc.: read whole already
        case .tar(let tar):
            file = archive.path + " (member toc.dat)"
            end = tar.members["toc.dat"].map { $0.dataOffset + $0.size }
        case .custom:
            return
        }
        guard let end, archive.tocEndOffset < end else { return }
        add(
            .unexpected,
            "\(end - archive.tocEndOffset) bytes of toc.dat follow the last of the \(archive.entries.count) TOC entries (a damaged entry count or integer size?)",
            entry: nil, file: file, offset: archive.tocEndOffset)
        try stopUnlessAll()
    }

    /// The names pg_dump writes and the TOC claims: each entry's data file, the large-object lists
    /// and the files they name. `suffixes`: the compression suffixes a directory file may carry.
    func claimedNames(listReader: (String) throws -> [(UInt32, String)]) -> Set<String> {
        var names: Set<String> = ["toc.dat", "restore.sql"]
        for e in archive.entries {
            guard case .file(let f) = e.dataLocation else { continue }
            names.insert(f)
            if e.desc == EntryDesc.blobs {
                let list = archive.header.version.isAtLeast(1, 16) ? "blobs_\(e.dumpId).toc" : "blobs.toc"
                names.insert(list)
                for (_, file) in (try? listReader(list)) ?? [] { names.insert(file) }
            }
        }
        return names
    }

    /// Directory: every regular file must be one the TOC claims (with its compression suffix);
    /// a file pg_dump would not have written is reported.
    func directoryFilesClaimed(_ dir: DirectoryStore) throws {
        let claimed = claimedNames { list in
            let path = dir.path + "/" + list
            return try LargeObjectList.parse(ByteReader(source: try FileByteSource(path: path)), file: path)
        }
        guard let names = Platform.directoryEntries(dir.path) else { return }
        let present = names.filter { Platform.status(ofPath: dir.path + "/" + $0)?.isRegularFile ?? false }
        for name in present.sorted() {
            var base = name
            for suffix in [".gz", ".lz4", ".zst"] where base.hasSuffix(suffix) {
                base = String(base.dropLast(suffix.count))
            }
            if claimed.contains(base) { continue }
            add(
                .unexpected, "file that no TOC entry claims (pg_dump did not write it for this TOC)", entry: nil,
                file: dir.path + "/" + name)
            try stopUnlessAll()
        }
    }

    /// Tar: every member must be one the TOC claims (`restore.sql` is pg_dump's own).
    func tarMembersClaimed(_ tar: TarStore) throws {
        let claimed = claimedNames { list in
            guard let m = tar.members[list] else { return [] }
            return try LargeObjectList.parse(try tar.reader(for: m), file: tar.source.name, limit: m.size)
        }
        // On a stream the large-object lists were read once already: their members were checked there.
        let blobsPassed = !tar.source.isSeekable
        for name in tar.memberOrder where !claimed.contains(name) {
            if blobsPassed && name.hasPrefix("blob_") && name.hasSuffix(".dat") { continue }
            add(
                .unexpected, "tar member \"\(name)\" that no TOC entry claims", entry: nil,
                offset: tar.members[name].map { $0.dataOffset - 512 })
            try stopUnlessAll()
        }
    }
}
