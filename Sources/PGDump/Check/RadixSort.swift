/// A stable LSD radix sort of records by a 64-bit key, 16 bits a pass, for the check's key
/// buffers (``KeyRunLog``, ``IntKeyRuns``): hundreds of thousands of fingerprints or foreign-key
/// values per buffer, where a comparison sort was a tenth of `check`'s time. A pass whose digit is
/// the same in every record is skipped. Its passes cost more than a comparison sort below a few
/// thousand records: callers sort small buffers themselves.
enum RadixSort {
    /// Sorts `count` records at `buffer` by `key`, keeping the order of records with equal keys.
    /// `Record` must be a trivial type (plain values: the records are moved as bytes).
    @inline(__always)
    static func sort<Record>(_ buffer: UnsafeMutablePointer<Record>, count n: Int, key: (Record) -> UInt64) {
        guard n > 1 else { return }
        let tmp = UnsafeMutablePointer<Record>.allocate(capacity: n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 65536)
        defer {
            tmp.deallocate()
            counts.deallocate()
        }
        var src = buffer
        var dst = tmp
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            counts.initialize(repeating: 0, count: 65536)
            for i in 0..<n { counts[Int(truncatingIfNeeded: (key(src[i]) >> shift) & 0xFFFF)] += 1 }
            if counts[Int(truncatingIfNeeded: (key(src[0]) >> shift) & 0xFFFF)] == n { continue }
            var sum = 0
            for d in 0..<65536 {
                let c = counts[d]
                counts[d] = sum
                sum += c
            }
            for i in 0..<n {
                let d = Int(truncatingIfNeeded: (key(src[i]) >> shift) & 0xFFFF)
                (dst + counts[d]).initialize(to: src[i])
                counts[d] += 1
            }
            swap(&src, &dst)
        }
        if src != buffer { buffer.update(from: src, count: n) }
    }
}
