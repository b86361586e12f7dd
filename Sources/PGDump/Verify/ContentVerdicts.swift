/// Entries whose data another scan has already read to its end and found whole, with what
/// `verify` records for them, so `verify` need not decompress them again.
///
/// `pgdmp report` needs both `check` and `verify`, and both read every checked table's data. The
/// check's scan carries verify's content checks (``CopyContentCheck``) on the pieces it reads
/// anyway (``witness(_:_:)``); `ArchiveVerifier` then takes a clean verdict for such an entry as
/// its own reading of it, still walking the archive's structure itself (block headers, order,
/// offsets, files). Only clean verdicts are kept: an entry with any problem is read again by
/// verify, which reports it exactly as it would alone.
package final class ContentVerdicts: @unchecked Sendable {
    /// What verify would have recorded after reading an entry to its end without a problem.
    package struct Verdict: Sendable, Equatable {
        package var rows: UInt64
        package var storedBytes: UInt64
        package var uncompressedBytes: UInt64
        /// For a custom-format block: the TOC offset it was read from, and where its stored stream ended.
        package var blockOffset: UInt64?
        package var end: UInt64
    }

    private let lock = NSLockLite()
    private var byId: [Int32: Verdict] = [:]

    package init() {}

    /// The clean verdict for an entry, if one was recorded.
    package subscript(dumpId: Int32) -> Verdict? {
        lock.lock()
        defer { lock.unlock() }
        return byId[dumpId]
    }

    /// How many entries have a verdict.
    package var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return byId.count
    }

    func record(_ verdict: Verdict, for dumpId: Int32) {
        lock.lock()
        byId[dumpId] = verdict
        lock.unlock()
    }

    /// Starts watching the data of `entry` as `data`'s consumer reads it; nil for an entry verify
    /// checks otherwise (no COPY statement). Call ``Witness/finish(consumerFailed:)`` when the
    /// consumer is done.
    package func witness(_ entry: TOCEntry, _ data: EntryDataReader) -> Witness? {
        guard let check = CopyContentCheck(entry) else { return nil }
        let witness = Witness(entry: entry, data: data, check: check, verdicts: self)
        data.observer = { [witness] in witness.check.scan($0) }
        return witness
    }

    /// Verify's content check riding on another scan's reading of one entry.
    package final class Witness {
        let entry: TOCEntry
        let data: EntryDataReader
        var check: CopyContentCheck
        unowned let verdicts: ContentVerdicts

        init(entry: TOCEntry, data: EntryDataReader, check: CopyContentCheck, verdicts: ContentVerdicts) {
            self.entry = entry
            self.data = data
            self.check = check
            self.verdicts = verdicts
        }

        /// Reads what the consumer left of the data (its end marker, the end of the compressed
        /// stream) and records a verdict if everything was whole. Nothing is recorded when the
        /// consumer failed or any check fails: verify then reads the entry itself.
        package func finish(consumerFailed: Bool) {
            defer { data.observer = nil }
            guard !consumerFailed else { return }
            do {
                while try data.next() != nil {}
                let rows = try check.finish()
                var blockOffset: UInt64?
                if case .offset(let o) = entry.dataLocation { blockOffset = o }
                verdicts.record(
                    Verdict(
                        rows: rows, storedBytes: data.storedBytes, uncompressedBytes: data.uncompressedBytes,
                        blockOffset: blockOffset, end: data.inputOffset),
                    for: entry.dumpId)
            } catch {}
        }
    }
}
