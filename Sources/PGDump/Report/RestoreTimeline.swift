/// A serial restore's steps by section (pre-data, data, post-data), and where the predicted
/// failures fall among them: failures in post-data after hours of data loading are what a
/// migration team plans around.
public struct RestoreTimeline: Sendable {
    /// One section of the restore.
    public struct Phase: Sendable {
        /// `pre-data`, `data`, `post-data`.
        public var section: String
        /// Restore steps in the section.
        public var steps: Int
        /// Step counts by entry type, largest first.
        public var byType: [(desc: String, count: Int)]
        /// Uncompressed data bytes loaded in this phase (the data section's weight).
        public var dataBytes: UInt64
    }

    /// One failing step.
    public struct Failure: Sendable {
        /// 1-based position in the serial restore.
        public var step: Int
        /// The section it falls in.
        public var section: String
        /// The failing entry's dump id.
        public var dumpId: Int32
        /// The failing entry's kind.
        public var desc: String
        /// The failing entry's `schema.name`.
        public var name: String
        /// Why: the predicted error's message or the check finding's summary.
        public var reason: String
    }

    /// Pre-data, data and post-data, in that order.
    public var phases: [Phase]
    /// Every failing step, in restore order.
    public var failures: [Failure]
    /// Each step's section, in restore order.
    public var stepSections: [String]
    /// Steps in all phases.
    public var totalSteps: Int { phases.reduce(0) { $0 + $1.steps } }

    /// Lays the serial restore `order` out by section, weighing the data section by `verify`'s sizes.
    /// - Parameters:
    ///   - order: The serial restore order of the archive.
    ///   - verify: What verify read, for each data entry's size.
    ///   - failing: dump id → reason, for every statement predicted to fail.
    public init(order: RestoreOrder, verify: VerifyReport, failing: [Int32: String]) {
        let bytes = Dictionary(verify.entries.map { ($0.dumpId, $0.uncompressedBytes ?? 0) }, uniquingKeysWith: +)
        var phases: [Phase] = []
        var failures: [Failure] = []
        for section in [Section.preData, .data, .postData] {
            let steps = order.steps.enumerated().filter { $0.element.effectiveSection == section }
            var counts: [String: Int] = [:]
            var dataBytes: UInt64 = 0
            for (i, s) in steps {
                counts[s.entry.desc, default: 0] += 1
                if s.readsArchiveData { dataBytes += bytes[s.entry.dumpId] ?? 0 }
                if let reason = failing[s.entry.dumpId] {
                    failures.append(
                        Failure(
                            step: i + 1, section: section.description, dumpId: s.entry.dumpId,
                            desc: s.entry.desc, name: s.entry.qualifiedName, reason: reason))
                }
            }
            let byType = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                (desc: $0.key, count: $0.value)
            }
            phases.append(Phase(section: section.description, steps: steps.count, byType: byType, dataBytes: dataBytes))
        }
        self.phases = phases
        stepSections = order.steps.map(\.effectiveSection.description)
        self.failures = failures.sorted { $0.step < $1.step }
    }
}
