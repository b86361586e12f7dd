/// The report's charts as inline SVG, drawn from numbers only: the one archive string a
/// chart carries (a tooltip) goes through `ReportEscaping.html`.
enum ReportCharts {
    private static let e = ReportEscaping.html

    /// Two bars for one table: uncompressed bytes (full height) and stored bytes (inner bar),
    /// scaled to `max`. Stretches to its box (no text inside, so it scales cleanly).
    static func sizeBar(raw: UInt64, stored: UInt64, max: UInt64, title: String) -> String {
        let w = max == 0 ? 0 : Double(raw) / Double(max) * 1000
        let s = max == 0 ? 0 : Double(stored) / Double(max) * 1000
        return """
            <svg class="bar" viewBox="0 0 1000 20" preserveAspectRatio="none" role="img" aria-label="\(e(title))">\
            <title>\(e(title))</title>\
            <rect class="raw" x="0" y="2" width="\(num(w))" height="16"/>\
            <rect class="stored" x="0" y="7" width="\(num(s))" height="6"/></svg>
            """
    }

    /// A histogram of key tuple sizes with the limit drawn in: bins of equal width, heights on a
    /// log scale (one oversized row among millions must stay visible), bins over the limit in red.
    static func tupleSizes(_ h: IndexSizeHistogram) -> String {
        let width = 720.0
        let height = 250.0
        let left = 64.0
        let right = 704.0
        let top = 26.0
        let bottom = 204.0
        let xmax = Swift.max(h.maxSize, h.limit) * 108 / 100 + 8
        let binCount = 60
        var binWidth = (xmax + binCount - 1) / binCount
        binWidth = Swift.max(8, (binWidth + 7) / 8 * 8)
        let bins = (xmax + binWidth - 1) / binWidth
        var counts = [UInt64](repeating: 0, count: bins)
        for s in h.sizes { counts[Swift.min(bins - 1, s.size / binWidth)] += s.rows }
        let maxCount = counts.max() ?? 0
        let logMax = Platform.logarithm10(Double(maxCount) + 1)
        func x(_ size: Double) -> Double { left + size / Double(bins * binWidth) * (right - left) }
        func y(_ n: UInt64) -> Double {
            logMax == 0 ? bottom : bottom - Platform.logarithm10(Double(n) + 1) / logMax * (bottom - top)
        }
        var svg = """
            <svg class="hist" viewBox="0 0 \(num(width)) \(num(height))" role="img" \
            aria-label="\(e("key tuple sizes of \(h.index): \(h.rowsOverLimit) row(s) over \(h.limit) bytes"))">
            """
        // y grid: powers of ten
        var p: UInt64 = 1
        while p <= Swift.max(maxCount, 1) {
            let yy = y(p)
            svg += "<line class=\"grid\" x1=\"\(num(left))\" x2=\"\(num(right))\" y1=\"\(num(yy))\" y2=\"\(num(yy))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(num(left - 6))\" y=\"\(num(yy + 4))\" text-anchor=\"end\">\(ReportFormat.count(p))</text>"
            if p > UInt64.max / 10 { break }
            p *= 10
        }
        for (i, n) in counts.enumerated() where n > 0 {
            let from = i * binWidth
            let to = from + binWidth - 1
            let over = to > h.limit
            let x0 = x(Double(from))
            let x1 = x(Double(from + binWidth))
            let yy = y(n)
            svg += "<rect class=\"\(over ? "over" : "fits")\" x=\"\(num(x0 + 0.5))\" y=\"\(num(yy))\" "
            svg += "width=\"\(num(Swift.max(1, x1 - x0 - 1)))\" height=\"\(num(Swift.max(1.5, bottom - yy)))\">"
            svg += "<title>\(from)–\(to) bytes: \(ReportFormat.count(n)) row(s)</title></rect>"
        }
        // axis and ticks
        svg +=
            "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(right))\" y1=\"\(num(bottom))\" y2=\"\(num(bottom))\"/>"
        let step = niceStep(Double(bins * binWidth) / 6)
        var t = 0.0
        while t <= Double(bins * binWidth) {
            let xx = x(t)
            svg +=
                "<line class=\"axis\" x1=\"\(num(xx))\" x2=\"\(num(xx))\" y1=\"\(num(bottom))\" y2=\"\(num(bottom + 4))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(num(xx))\" y=\"\(num(bottom + 17))\" text-anchor=\"middle\">\(ReportFormat.count(Int(t)))</text>"
            t += step
        }
        svg += "<text class=\"label\" x=\"\(num((left + right) / 2))\" y=\"\(num(height - 8))\" text-anchor=\"middle\">"
        svg += "index tuple size (bytes)</text>"
        svg += "<text class=\"label\" x=\"14\" y=\"\(num((top + bottom) / 2))\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 14 \(num((top + bottom) / 2)))\">rows (log scale)</text>"
        // the limit
        let lx = x(Double(h.limit) + 0.5)
        svg +=
            "<line class=\"limit\" x1=\"\(num(lx))\" x2=\"\(num(lx))\" y1=\"\(num(top - 22))\" y2=\"\(num(bottom))\"/>"
        let anchorEnd = lx > right - 140
        svg += "<text class=\"limit-label\" x=\"\(num(anchorEnd ? lx - 5 : lx + 5))\" y=\"\(num(top - 10))\" "
        svg += "text-anchor=\"\(anchorEnd ? "end" : "start")\">limit \(h.limit)</text>"
        svg += "</svg>"
        return svg
    }

    /// The serial restore as one strip, step by step in restore order, coloured by section,
    /// with a red mark at each failing step.
    static func timeline(_ t: RestoreTimeline, sections: [String]) -> String {
        let total = Swift.max(1, sections.count)
        var svg = "<svg class=\"strip\" viewBox=\"0 0 1000 36\" preserveAspectRatio=\"none\" role=\"img\" "
        svg += "aria-label=\"restore steps by section, \(t.failures.count) failing\">"
        var i = 0
        while i < sections.count {
            var j = i
            while j < sections.count && sections[j] == sections[i] { j += 1 }
            let x0 = Double(i) / Double(total) * 1000
            let x1 = Double(j) / Double(total) * 1000
            svg +=
                "<rect class=\"sec-\(sections[i])\" x=\"\(num(x0))\" y=\"8\" width=\"\(num(x1 - x0))\" height=\"20\"/>"
            i = j
        }
        for f in t.failures {
            let x = (Double(f.step) - 0.5) / Double(total) * 1000
            svg += "<rect class=\"fail\" x=\"\(num(Swift.max(0, x - 2)))\" y=\"0\" width=\"4\" height=\"36\">"
            svg += "<title>\(e("step \(f.step): \(f.desc) \(f.name)"))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        var p = 1.0
        while p * 10 <= raw { p *= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where p * m >= raw { return p * m }
        return p * 10
    }

    /// A coordinate with at most one decimal.
    static func num(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : ReportFormat.fixed(r, 1)
    }
}
