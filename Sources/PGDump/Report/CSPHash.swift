/// The `'sha256-…'` source a Content-Security-Policy uses to allow exactly one inline
/// script: base64 of the SHA-256 (FIPS 180-4) of the script's text as UTF-8.
enum CSPHash {
    static func source(_ script: String) -> String { "'sha256-\(base64(sha256(Array(script.utf8))))'" }

    static func sha256(_ message: [UInt8]) -> [UInt8] {
        var hash = SHA256()
        hash.update(message)
        return hash.digest()
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(n > 1 ? table[Int(v >> 6 & 63)] : "=")
            out.append(n > 2 ? table[Int(v & 63)] : "=")
            i += 3
        }
        return out
    }
}
