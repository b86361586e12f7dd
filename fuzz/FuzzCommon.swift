// Shared helpers for the libFuzzer targets (compiled into every target binary).
import PGDump

/// Header + TOC: open the archive and render the listing, seekable and not.
func fuzzArchiveListing(_ bytes: [UInt8]) {
    for seekable in [true, false] {
        guard let archive = try? Archive.open(source: MemoryByteSource(bytes, name: "fuzz", seekable: seekable)) else {
            continue
        }
        _ = TOCListing(archive: archive).render()
        _ = TOCListing(archive: archive, verbose: true).render()
    }
}

/// Data blocks: row counts, then every TABLE DATA entry read through the COPY line reader and decoder.
func fuzzArchiveData(_ bytes: [UInt8]) {
    for seekable in [true, false] {
        guard let archive = try? Archive.open(source: MemoryByteSource(bytes, name: "fuzz", seekable: seekable)) else {
            continue
        }
        _ = RowCountReport.make(archive, workers: 1)
        if seekable {
            // Whole-archive analyses on the same (damaged) bytes: verify and check.
            _ = ArchiveVerifier(archive: archive, all: true).run()
            _ = RestoreCheck.run(archive)
        }
        var ranges: [Range<Int>] = []
        for e in archive.entries where e.desc == "TABLE DATA" {
            guard let reader = try? archive.openData(e) else { continue }
            let lines = CopyLineReader(data: reader)
            do {
                while let line = try lines.nextLine() {
                    CopyText.fieldRanges(line, into: &ranges)
                    for r in ranges {
                        let field = UnsafeRawBufferPointer(rebasing: line[r])
                        _ = CopyText.isNull(field)
                        _ = CopyText.decode(field)
                        _ = CopyText.decodedLength(field)
                    }
                }
            } catch {}
        }
    }
}
