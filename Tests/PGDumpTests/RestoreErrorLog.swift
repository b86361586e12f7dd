import Foundation

/// The errors in the stderr of `pg_restore -v`, the way `Fixtures/tools/restore_errors.py`
/// reads them for `make oracle`: each belongs to the entry of the latest "from TOC entry N"
/// line, or, for a fatal error that prints none after a progress line about large objects,
/// to the archive's BLOBS entry; errors before any entry belong to the session set-up (nil).
struct RestoreErrorLog {
    struct Error: Hashable, CustomStringConvertible {
        var dumpId: Int32?
        var message: String
        var description: String { "\(dumpId.map(String.init) ?? "session"): \(message)" }
    }
    var errors: [Error] = []

    init(stderr: String, blobsEntry: Int32?) {
        var current: Int32?
        var action: String?
        let prefix = "pg_restore: "
        for line in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("pg_restore: from TOC entry ") {
                let rest = line.dropFirst("pg_restore: from TOC entry ".count)
                current = Int32(rest.prefix { $0.isNumber })
                action = nil
                continue
            }
            if line.hasPrefix("pg_restore: error: ") {
                let body = line.dropFirst("pg_restore: error: ".count)
                guard let marker = body.range(of: ": ERROR:  ") else { continue }
                var id = current
                if let a = action, a.hasPrefix("restoring large object") || a == "processing BLOBS" { id = blobsEntry }
                errors.append(Error(dumpId: id, message: String(body[marker.upperBound...])))
                continue
            }
            if line.hasPrefix(prefix), !line.hasPrefix("pg_restore: warning:") {
                action = String(line.dropFirst(prefix.count))
            }
        }
    }
}
