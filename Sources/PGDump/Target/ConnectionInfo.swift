import CLibPQ

/// A `-d` argument as pg_restore takes it: a database name, a `key=value` connection string or a
/// `postgresql://` URI. libpq interprets it (with the PG* environment variables, the service
/// file and `.pgpass` filling what it leaves out); this type only reads it for what pgdmp must
/// add (its own `options`) and for what it must never echo (the password).
public struct ConnectionInfo: Sendable, Equatable {
    /// The argument exactly as given. Never print it: use `redacted`.
    public let raw: String
    /// The password the argument carries, if any (only used to scrub messages).
    let password: String?
    /// The `options` the argument carries (pgdmp appends its own `-c` settings to them).
    let options: String?

    /// Reads a `-d` argument. A plain database name is taken as is; a connection string or URI
    /// is parsed by libpq.
    /// - Throws: ``TargetError`` of kind `.usage` when libpq cannot parse the connection string
    ///   (the message has the password taken out).
    public init(_ raw: String) throws {
        self.raw = raw
        let looksLikeConnString = raw.contains("=") || raw.hasPrefix("postgresql://") || raw.hasPrefix("postgres://")
        guard looksLikeConnString else {
            password = nil
            options = nil
            return
        }
        var err: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(raw, &err) else {
            var message = err.map { String(cString: $0) } ?? "invalid connection string"
            if let err { PQfreemem(err) }
            message = Self.firstLine(message)
            throw TargetError(.usage, "invalid connection string \(Self.redact(raw)): \(Self.redact(message))")
        }
        defer { PQconninfoFree(parsed) }
        var pw: String?
        var opts: String?
        var p = parsed
        while let kw = p.pointee.keyword {
            let key = String(cString: kw)
            if let v = p.pointee.val {
                if key == "password" { pw = String(cString: v) }
                if key == "options" { opts = String(cString: v) }
            }
            p += 1
        }
        password = pw
        options = opts
    }

    /// The argument with any password taken out, safe to print.
    public var redacted: String { Self.redact(raw) }

    /// Removes passwords from text that may contain a connection string or URI: `password=…`
    /// (bare or quoted) and the `user:password@` part of URIs, and their URI query form
    /// `password=…&`. Also scrubs the literal password of this argument and of `PGPASSWORD`.
    public func scrub(_ text: String) -> String {
        var s = Self.redact(text)
        for secret in [password, getenvString("PGPASSWORD")].compactMap({ $0 }) where secret.count >= 1 {
            s = s.replacingAll(secret, with: "***")
        }
        return s
    }

    /// `password=…` and URI passwords removed from any text.
    public static func redact(_ text: String) -> String {
        var out = removeURIPasswords(text)
        out = removeKeywordPasswords(out)
        return out
    }

    /// `scheme://user:secret@host` → `scheme://user@host`.
    static func removeURIPasswords(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let r = rest.firstRange(of: "://") {
            result += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            // The authority ends at the first '/', '?', '#' or whitespace; userinfo ends at its last '@'.
            let end =
                rest.firstIndex(where: {
                    $0 == "/" || $0 == "?" || $0 == "#" || $0 == " " || $0 == "\n" || $0 == "\"" || $0 == "'"
                }) ?? rest.endIndex
            let authority = rest[..<end]
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    result += userinfo[..<colon]
                    rest = rest[at...]
                }
            }
        }
        return result + rest
    }

    /// `password = 'x y'`, `password=x` (also `&password=x` in a URI query) → removed.
    static func removeKeywordPasswords(_ text: String) -> String {
        let chars = Array(text)
        var out: [Character] = []
        var i = 0
        let key = Array("password")
        while i < chars.count {
            let startsKey =
                i + key.count <= chars.count
                && String(chars[i..<i + key.count]).lowercased() == "password"
                && (i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_"))
            if startsKey {
                var j = i + key.count
                while j < chars.count, chars[j] == " " { j += 1 }
                if j < chars.count, chars[j] == "=" {
                    j += 1
                    while j < chars.count, chars[j] == " " { j += 1 }
                    if j < chars.count, chars[j] == "'" {
                        j += 1
                        while j < chars.count, chars[j] != "'" {
                            if chars[j] == "\\" { j += 1 }
                            j += 1
                        }
                        j = min(j + 1, chars.count)
                    } else {
                        while j < chars.count,
                            !(chars[j] == " " || chars[j] == "&" || chars[j] == "\n" || chars[j] == "\t")
                        { j += 1 }
                    }
                    // Drop the keyword and value; tidy one separator so "a=1 password=x b=2" reads "a=1 b=2".
                    if j < chars.count, chars[j] == " " || chars[j] == "&" {
                        if out.last == "?" || out.isEmpty || out.last == " " { j += 1 }
                    } else if let last = out.last, last == " " || last == "&" {
                        out.removeLast()
                    }
                    i = j
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return String(out)
    }

    static func firstLine(_ s: String) -> String {
        let line = s.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        return line.trimmingSpaces()
    }
}

func getenvString(_ name: String) -> String? {
    guard let s = Platform.environment(name) else { return nil }
    return s.isEmpty ? nil : s
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
