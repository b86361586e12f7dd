/// The words every command uses for entries it did not reach because of damage earlier in the
/// same stream (a cut tar member, a broken block framing in a custom file): the damage is
/// reported once, at its place, and each entry after it is "not read", never "damaged" itself.
package enum DamageWording {
    /// One entry after the damage: "not read: it comes after the damage at byte N (in LABEL)".
    package static func notRead(after damage: PGDumpError, in damaged: String?) -> String {
        "not read: it comes after the damage" + (damage.offset.map { " at byte \($0)" } ?? "")
            + (damaged.map { " (in \($0))" } ?? "")
    }

    /// The one summary line for all of them: "N entries with data after the damage were not read: …".
    package static func notReadSummary(_ labels: [String], limit: Int = 5) -> String {
        let shown = labels.prefix(limit).joined(separator: ", ")
        let more = labels.count > limit ? ", and \(labels.count - limit) more" : ""
        return
            "\(labels.count) \(labels.count == 1 ? "entry" : "entries") with data after the damage \(labels.count == 1 ? "was" : "were") not read: \(shown)\(more)"
    }
}
