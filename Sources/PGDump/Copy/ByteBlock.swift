/// Sixteen bytes of COPY text compared lane by lane with Swift's SIMD types (SSE2 on x86-64,
/// NEON on arm64): how the row and field scanners find tabs and newlines without a branch per
/// byte. Shared by `CopyText.fieldRanges` (inlinable, so these are too) and `CopyShapeChecker`.
@usableFromInline
enum ByteBlock {
    @usableFromInline typealias Lanes = SIMD16<UInt8>
    @usableFromInline typealias Mask = SIMDMask<SIMD16<Int8>>

    /// Whether no lane of the mask is set.
    @inlinable @inline(__always)
    static func isEmpty(_ m: Mask) -> Bool {
        let w = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        return w[0] | w[1] == 0
    }

    /// The mask as 16 bits, lane 0 in bit 0.
    @inlinable @inline(__always)
    static func bits(_ m: Mask) -> UInt32 {
        let weights = Lanes(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
        let w = unsafeBitCast(unsafeBitCast(m, to: Lanes.self) & weights, to: SIMD2<UInt64>.self)
        // Each byte holds a distinct bit, so the multiply's carry-free sum gathers them in the top byte.
        let low = (w[0] &* 0x0101_0101_0101_0101) &>> 56
        let high = (w[1] &* 0x0101_0101_0101_0101) &>> 56
        return UInt32(truncatingIfNeeded: low | high &<< 8)
    }

    /// The sum of the 16 lanes (each at most 255).
    @inlinable @inline(__always)
    static func sum(_ v: Lanes) -> Int {
        let w = unsafeBitCast(v, to: SIMD2<UInt64>.self)
        let m: UInt64 = 0x00FF_00FF_00FF_00FF
        let pairs = (w[0] & m) &+ ((w[0] &>> 8) & m) &+ (w[1] & m) &+ ((w[1] &>> 8) & m)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) &>> 48)
    }
}
