/// PostgreSQL's pglz compressor, written from the format notes (§8.4) to give the same
/// output *size* and the same give-up decisions as `pglz_compress` with the default
/// strategy. Only the size is computed; no output bytes are kept.
package enum PGLZ {
    static let maxMatch = 273
    static let historySize = 4096
    static let minInput = 32
    static let minCompRate = 25
    static let firstSuccessBy = 1024
    static let matchSizeGood = 128
    static let matchSizeDrop = 10

    /// Size of pglz's output for `input`, or nil when pglz gives up (too short, not
    /// compressible enough, or no match in the first 1024 output bytes).
    /// `signedChar` picks how the hash reads bytes ≥ 0x80 (x86 servers: signed).
    package static func compressedSize(_ input: UnsafeRawBufferPointer, signedChar: Bool = true) -> Int? {
        let slen = input.count
        if slen < minInput { return nil }
        let resultMax =
            slen > Int(Int32.max) / 100 ? (slen / 100) * (100 - minCompRate) : (slen * (100 - minCompRate)) / 100
        let hashSize = slen < 128 ? 512 : slen < 256 ? 1024 : slen < 512 ? 2048 : slen < 1024 ? 4096 : 8192
        let mask = hashSize - 1
        // history: entries 1...4096; 0 means "none"
        var hashHead = [Int32](repeating: 0, count: hashSize)
        var next = [Int32](repeating: 0, count: historySize + 1)
        var prev = [Int32](repeating: 0, count: historySize + 1)
        var bucket = [Int32](repeating: 0, count: historySize + 1)
        var pos = [Int32](repeating: 0, count: historySize + 1)
        var histNext = 1
        var recycle = false
        let goodMatchStart = max(17, min(maxMatch, matchSizeGood))

        return input.withMemoryRebound(to: UInt8.self) { (p: UnsafeBufferPointer<UInt8>) -> Int? in
            @inline(__always) func ch(_ i: Int) -> Int { signedChar ? Int(Int8(bitPattern: p[i])) : Int(p[i]) }
            @inline(__always) func hash(_ i: Int) -> Int {
                if slen - i < 4 { return ch(i) & mask }
                return ((ch(i) << 6) ^ (ch(i + 1) << 4) ^ (ch(i + 2) << 2) ^ ch(i + 3)) & mask
            }
            func add(_ i: Int) {
                let h = hash(i)
                let me = histNext
                if recycle {
                    if prev[me] == 0 { hashHead[Int(bucket[me])] = next[me] } else { next[Int(prev[me])] = next[me] }
                    if next[me] != 0 { prev[Int(next[me])] = prev[me] }
                }
                next[me] = hashHead[h]
                prev[me] = 0
                bucket[me] = Int32(h)
                pos[me] = Int32(i)
                if hashHead[h] != 0 { prev[Int(hashHead[h])] = Int32(me) }
                hashHead[h] = Int32(me)
                histNext += 1
                if histNext >= historySize + 1 {
                    histNext = 1
                    recycle = true
                }
            }
            func findMatch(_ at: Int) -> Int {
                var entry = Int(hashHead[hash(at)])
                var len = 0
                var goodMatch = goodMatchStart
                while entry != 0 {
                    let hp = Int(pos[entry])
                    let off = at - hp
                    if off >= 0x0fff { break }
                    var thisLen = 0
                    if len >= 16 {
                        // compare the first len bytes; a shorter run cannot improve on len
                        if at + len <= slen && memEqual(p, at, hp, len) {
                            thisLen = len
                            while at + thisLen < slen && p[at + thisLen] == p[hp + thisLen] && thisLen < maxMatch {
                                thisLen += 1
                            }
                        }
                    } else {
                        while at + thisLen < slen && p[at + thisLen] == p[hp + thisLen] && thisLen < maxMatch {
                            thisLen += 1
                        }
                    }
                    if thisLen > len { len = thisLen }
                    entry = Int(next[entry])
                    if entry != 0 {
                        if len >= goodMatch { break }
                        goodMatch -= (goodMatch * matchSizeDrop) / 100
                    }
                }
                return len > 2 ? len : 0
            }

            var out = 0  // bytes written so far
            var itemsInGroup = 8  // items under the current control byte
            var foundMatch = false
            var dp = 0
            while dp < slen {
                if out >= resultMax { return nil }
                if !foundMatch && out >= firstSuccessBy { return nil }
                if itemsInGroup == 8 {
                    out += 1
                    itemsInGroup = 0
                }
                itemsInGroup += 1
                let len = findMatch(dp)
                if len > 0 {
                    out += len > 17 ? 3 : 2
                    for _ in 0..<len {
                        add(dp)
                        dp += 1
                    }
                    foundMatch = true
                } else {
                    out += 1
                    add(dp)
                    dp += 1
                }
            }
            return out >= resultMax ? nil : out
        }
    }

    @inline(__always) private static func memEqual(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ n: Int)
        -> Bool
    {
        Platform.bytesEqual(p.baseAddress! + a, p.baseAddress! + b, count: n)
    }

    package static func compressedSize(_ bytes: [UInt8], signedChar: Bool = true) -> Int? {
        bytes.withUnsafeBytes { compressedSize($0, signedChar: signedChar) }
    }
}
