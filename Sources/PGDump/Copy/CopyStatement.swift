/// The `COPY table (col, …) FROM stdin;` header pg_dump stores with each TABLE DATA entry:
/// it names the target and the order of the fields in every row.
public struct CopyStatement: Sendable, Equatable {
    /// The table as written (possibly schema-qualified and quoted), e.g. `public."My Table"`.
    public var target: String
    /// Column names, unquoted. Empty when the table has no columns (`COPY t  FROM stdin;`).
    public var columns: [String]

    /// Parses pg_dump's copy statement; nil if it is not one (e.g. INSERT-mode dumps have none).
    public init?(_ text: String) {
        var s = Substring(text)
        guard s.hasPrefix("COPY ") else { return nil }
        s = s.dropFirst(5)
        // The target: identifiers (quoted or bare) joined by dots.
        var target = ""
        while let c = s.first, c != " " {
            if c == "\"" {
                target.append(c)
                s = s.dropFirst()
                while let d = s.first {
                    target.append(d)
                    s = s.dropFirst()
                    if d == "\"" {
                        if s.first == "\"" {
                            target.append("\"")
                            s = s.dropFirst()
                        } else {
                            break
                        }
                    }
                }
            } else {
                target.append(c)
                s = s.dropFirst()
            }
        }
        guard s.first == " " else { return nil }
        s = s.dropFirst()
        var columns: [String] = []
        if s.first == "(" {
            s = s.dropFirst()
            var name = ""
            var inQuotes = false
            while let c = s.first {
                s = s.dropFirst()
                if inQuotes {
                    if c == "\"" {
                        if s.first == "\"" {
                            name.append("\"")
                            s = s.dropFirst()
                        } else {
                            inQuotes = false
                        }
                    } else {
                        name.append(c)
                    }
                } else if c == "\"" {
                    inQuotes = true
                } else if c == "," || c == ")" {
                    columns.append(name)
                    name = ""
                    if c == ")" { break }
                    if s.first == " " { s = s.dropFirst() }
                } else {
                    name.append(c)
                }
            }
        }
        self.target = target
        self.columns = columns
    }
}
