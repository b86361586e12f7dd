/// Server encoding names as pg_restore prints them in `SET client_encoding = '…';`.
///
/// pg_restore reads the ENCODING entry, looks the name up leniently (case and punctuation
/// do not matter, some aliases are accepted) and prints the canonical spelling.
enum EncodingName {
    /// The canonical name for `name`, or nil if PostgreSQL would not recognise it.
    static func canonical(_ name: String) -> String? {
        let key = String(
            name.lowercased().unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
            }
            .map(Character.init))
        if let c = byKey[key] { return c }
        return aliases[key]
    }

    /// The name used when an archive has no ENCODING entry (pg_restore's initial state).
    static let defaultName = "SQL_ASCII"

    private static let canonicalNames = [
        "SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "LATIN1", "LATIN2",
        "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256", "WIN1258",
        "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7",
        "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U", "SJIS", "BIG5", "GBK",
        "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004",
    ]

    private static let byKey: [String: String] = {
        var m: [String: String] = [:]
        for n in canonicalNames { m[n.lowercased().replacingUnderscores()] = n }
        return m
    }()

    /// Other spellings PostgreSQL accepts, by normalised key.
    private static let aliases: [String: String] = [
        "abc": "WIN1258", "alt": "WIN866", "iso88591": "LATIN1", "iso88592": "LATIN2", "iso88593": "LATIN3",
        "iso88594": "LATIN4", "iso88599": "LATIN5", "iso885910": "LATIN6", "iso885913": "LATIN7",
        "iso885914": "LATIN8", "iso885915": "LATIN9", "iso885916": "LATIN10", "koi8": "KOI8R",
        "mskanji": "SJIS", "shiftjis": "SJIS", "tcvn": "WIN1258", "tcvn5712": "WIN1258", "unicode": "UTF8",
        "vscii": "WIN1258", "win": "WIN1251", "win932": "SJIS", "win936": "GBK", "win949": "UHC", "win950": "BIG5",
        "windows1250": "WIN1250", "windows1251": "WIN1251", "windows1252": "WIN1252", "windows1253": "WIN1253",
        "windows1254": "WIN1254", "windows1255": "WIN1255", "windows1256": "WIN1256", "windows1257": "WIN1257",
        "windows1258": "WIN1258", "windows866": "WIN866", "windows874": "WIN874", "windows932": "SJIS",
        "windows936": "GBK", "windows949": "UHC", "windows950": "BIG5",
    ]
}

private extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
