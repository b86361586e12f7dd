/// A unified diff of two texts (`diff -u` style hunks), for `pgdmp diff`'s changed definitions.
/// DDL of one entry is short, so a plain longest-common-subsequence table is enough.
package enum UnifiedDiff {
    /// The hunks (without `---`/`+++` headers), each line ending in a newline; `context` lines
    /// of unchanged text around each change.
    package static func hunks(_ a: String, _ b: String, context: Int = 3) -> String {
        let x = lines(a)
        let y = lines(b)
        // Too long for the quadratic table: show both sides whole.
        if x.count * y.count > 4_000_000 {
            return "@@ -1,\(x.count) +1,\(y.count) @@\n" + x.map { "-" + $0 + "\n" }.joined()
                + y.map { "+" + $0 + "\n" }.joined()
        }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        // The edit script: (kind, line index in a, line index in b).
        enum Kind { case same, removed, added }
        var ops: [(Kind, Int, Int)] = []
        var i = 0
        var j = 0
        while i < x.count || j < y.count {
            if i < x.count && j < y.count && x[i] == y[j] {
                ops.append((.same, i, j))
                i += 1
                j += 1
            } else if i < x.count && (j == y.count || lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.append((.removed, i, j))
                i += 1
            } else {
                ops.append((.added, i, j))
                j += 1
            }
        }
        var out = ""
        var k = 0
        while k < ops.count {
            guard let firstChange = ops[k...].firstIndex(where: { $0.0 != .same }) else { break }
            var start = max(k, firstChange - context)
            if start < k { start = k }
            var end = firstChange
            // Extend while the next change is within 2 * context unchanged lines.
            while true {
                var next = end
                while next < ops.count && ops[next].0 != .same { next += 1 }
                end = next
                var same = 0
                while next < ops.count && ops[next].0 == .same && same <= 2 * context {
                    next += 1
                    same += 1
                }
                if next < ops.count && ops[next].0 != .same && same <= 2 * context {
                    end = next
                    continue
                }
                break
            }
            let stop = min(ops.count, end + context)
            let slice = ops[start..<stop]
            let aCount = slice.filter { $0.0 != .added }.count
            let bCount = slice.filter { $0.0 != .removed }.count
            let aStart = slice.first!.1 + (aCount == 0 ? 0 : 1)
            let bStart = slice.first!.2 + (bCount == 0 ? 0 : 1)
            out += "@@ -\(aStart),\(aCount) +\(bStart),\(bCount) @@\n"
            for (kind, ai, bj) in slice {
                switch kind {
                case .same: out += " " + x[ai] + "\n"
                case .removed: out += "-" + x[ai] + "\n"
                case .added: out += "+" + y[bj] + "\n"
                }
            }
            k = stop
        }
        return out
    }

    package static func lines(_ s: String) -> [String] {
        var parts = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
