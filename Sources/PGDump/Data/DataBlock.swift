/// One entry's stored data, as met when reading an archive front to back.
package enum DataBlock {
    /// TABLE DATA (COPY text or INSERT statements) and other single-stream entries.
    case stream(TOCEntry, EntryDataReader)
    /// A BLOBS entry: its large objects, one stream each.
    case largeObjects(TOCEntry, LargeObjectIterator)

    package var entry: TOCEntry {
        switch self {
        case .stream(let e, _), .largeObjects(let e, _): return e
        }
    }
}

/// The large objects of one BLOBS entry, each as its own decompressed stream.
package final class LargeObjectIterator {
    private let nextObject: () throws -> (UInt32, EntryDataReader)?
    private var current: EntryDataReader?
    private(set) var done = false

    init(_ next: @escaping () throws -> (UInt32, EntryDataReader)?) { self.nextObject = next }

    /// The next object's OID and data; the previous object's unread bytes are skipped (and checked).
    package func next() throws -> (oid: UInt32, data: EntryDataReader)? {
        if done { return nil }
        if let c = current {
            try c.drain()
            current = nil
        }
        guard let (oid, reader) = try nextObject() else {
            done = true
            return nil
        }
        current = reader
        return (oid, reader)
    }

    /// Reads every remaining object to its end.
    package func drain() throws {
        while try next() != nil {}
    }
}
