#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import PGDump

/// A one-line progress display on stderr (bytes done/total, rate, time left), redrawn at most
/// five times a second by a timer thread that polls a `ProgressCounter`. It shows nothing when
/// stderr is not a terminal or with `--quiet`, and erases itself when done.
final class ProgressLine {
    let counter = ProgressCounter()
    private let total: UInt64?
    private let label: String
    private var timer: DispatchSourceTimer?
    private let start = Platform.monotonicSeconds()
    private var drawn = false
    private let queue = DispatchQueue(label: "pgdmp.progress")

    /// nil when there is nothing to show (not a terminal, or quiet).
    static func start(_ label: String, total: UInt64?, quiet: Bool) -> ProgressLine? {
        guard !quiet, Platform.isTerminal(2) else { return nil }
        let p = ProgressLine(label: label, total: total)
        let t = DispatchSource.makeTimerSource(queue: p.queue)
        t.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        t.setEventHandler { [weak p] in p?.draw() }
        p.timer = t
        t.resume()
        return p
    }

    private init(label: String, total: UInt64?) {
        self.label = label
        self.total = total
    }

    private func draw() {
        let done = counter.value
        let elapsed = max(Platform.monotonicSeconds() - start, 0.001)
        let rate = Double(done) / elapsed
        var line = "\(label): \(bytes(done))"
        if let total, total > 0 {
            let pct = min(100, Double(done) * 100 / Double(total))
            line += " of \(bytes(total)) (\(cFormat("%.0f", pct))%)"
        }
        line += ", \(bytes(UInt64(rate)))/s"
        if let total, rate > 0, done < total {
            let left = Int(Double(total - done) / rate)
            line += ", \(left / 60)m\(cFormat("%02d", left % 60))s left"
        }
        Output.writeStandardError("\r\u{1B}[K" + line)
        drawn = true
    }

    /// Stops the display and clears the line.
    func finish() {
        timer?.cancel()
        timer = nil
        // The timer queue is serial: wait for a draw in flight before erasing.
        queue.sync {
            if drawn { Output.writeStandardError("\r\u{1B}[K") }
        }
    }
}
