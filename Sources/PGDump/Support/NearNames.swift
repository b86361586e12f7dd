/// "Did you mean …?": the names closest to something a user typed, for error messages that
/// list what exists instead of failing silently (a mistyped table, a mistyped command).
package enum NearNames {
    /// Names within a small edit distance of `typed` (case-insensitive), or containing it, or
    /// contained in it; closest first, at most `limit`.
    package static func near(_ typed: String, in names: [String], limit: Int = 5) -> [String] {
        let t = Array(typed.lowercased())
        guard !t.isEmpty else { return [] }
        let allowed = max(1, min(3, t.count / 3))
        var scored: [(Int, String)] = []
        var seen = Set<String>()
        for name in names where seen.insert(name).inserted {
            let n = Array(name.lowercased())
            var d = distance(t, n)
            if d > allowed {
                let a = String(t)
                let b = String(n)
                guard b.contains(a) || (a.contains(b) && n.count >= 3) else { continue }
                d = allowed + 1 + abs(n.count - t.count)
            }
            scored.append((d, name))
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit ("lsit" → "list").
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
