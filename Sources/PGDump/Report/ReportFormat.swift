/// Numbers as a report shows them: exact counts with thousands separators, byte sizes in
/// binary units (the exact byte count goes in a tooltip and in the sort key).
enum ReportFormat {
    static func count<T: BinaryInteger>(_ n: T) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func bytes(_ n: UInt64) -> String {
        if n < 1024 { return "\(n) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = Double(n) / 1024
        var u = 0
        while v >= 1024 && u < units.count - 1 {
            v /= 1024
            u += 1
        }
        return fixed(v, v < 10 ? 2 : v < 100 ? 1 : 0) + " " + units[u]
    }

    /// `v` with `places` decimals, without Foundation's formatters.
    static func fixed(_ v: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (v * scale).rounded()
        let whole = Int64(r / scale)
        guard places > 0 else { return String(whole) }
        var frac = String(Int64(abs(r - Double(whole) * scale)))
        while frac.count < places { frac = "0" + frac }
        return "\(whole).\(frac)"
    }

    /// stored / raw as a percentage, e.g. `31%`.
    static func ratio(_ stored: UInt64?, _ raw: UInt64?) -> String {
        guard let s = stored, let r = raw, r > 0 else { return "" }
        return fixed(Double(s) * 100 / Double(r), 0) + "%"
    }
}
