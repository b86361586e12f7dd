/// Escaping of archive strings (names, comments, DDL, values) for each place a report puts
/// them. Every archive-derived string goes through one of these; nothing from the archive is
/// ever placed inside `<style>` or `<script>`, or in a URL.
enum ReportEscaping {
    /// For HTML text and for double-quoted attribute values (HTML or inline SVG, which the HTML
    /// parser reads with the same rules): `& < > " '` become character references, so no tag,
    /// attribute, comment or CDATA section can start; C0 controls other than tab and newline,
    /// DEL and noncharacters (parse errors, invisible) are shown as `\xNN`/`\u{…}` text.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(u)
            default:
                let v = u.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                    out += "\\x" + (v < 16 ? "0" : "") + String(v, radix: 16)
                } else if (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE {
                    out += "\\u{" + String(v, radix: 16) + "}"
                } else if (0xF780...0xF7FF).contains(v) {
                    // a byte that was not UTF-8 in the archive (ArchiveText): its Latin-1 reading
                    out.unicodeScalars.append(Unicode.Scalar(v - 0xF700)!)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// For Markdown (issue trackers render inline HTML and Markdown syntax): HTML escaping, then
    /// every Markdown punctuation character backslash-escaped, `|` included (table cells), and
    /// line breaks turned into spaces so a value cannot end a table row or start a block.
    static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s.replacingNewlines() {
            if ch.unicodeScalars.count == 1, "\\`*_{}[]()#+-.!|~".contains(ch) {
                out.append("\\")
                out.append(ch)
            } else {
                out += html(String(ch))
            }
        }
        return out
    }

    /// Markdown inline code cannot escape backticks; this is plain escaped text in a code font
    /// substitute: `markdown(_:)` between `<code>` tags (entities still apply inside them).
    static func markdownCode(_ s: String) -> String { "<code>" + markdown(s) + "</code>" }
}

private extension String {
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
