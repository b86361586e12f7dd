extension BtreeTupleSize {
    /// The exact tuple size of one row's key from the COPY fields' decoded lengths alone, when
    /// `index_form_tuple` cannot compress any of its values (each text value's 4-byte-header size
    /// within TOAST_INDEX_TARGET, or its column not compressible); nil when one might be
    /// compressed, or when a value's length needs decoding (bytea, lower() outside C).
    ///
    /// It is what `size(_:specs:)` computes in that case, without decoding or copying the
    /// values: index size histograms size every row, and most keys are short.
    @inline(__always)
    static func uncompressedSize(_ check: SizeCheck, _ field: (Int) -> UnsafeRawBufferPointer) -> Int? {
        var hasNull = false
        var off = 0
        for i in check.positions.indices {
            guard let n = CopyText.decodedLength(field(check.positions[i])) else {
                hasNull = true
                continue
            }
            let spec = check.specs[i]
            // An expression's value (and so its length) is only known by evaluating it.
            guard check.transforms[i].isColumn else { return nil }
            switch spec.layout {
            case .fixed(let len, let a):
                off = align(off, a) + len
            case .bytea:
                return nil
            case .text:
                if n <= 126 {
                    off += n + 1
                } else if spec.compressible && n + 4 > toastIndexTarget {
                    return nil
                } else {
                    off = align(off, 4) + n + 4
                }
            }
        }
        return align((hasNull ? 16 : 8) + off, 8)
    }
}

extension BtreeTupleSize {
    /// The tuple size of a key of fixed-width columns (no expressions) when none is NULL, if
    /// within the limit of every version (2704); nil for any other key.
    static func fixedSize(_ check: SizeCheck) -> Int? {
        guard check.transforms.allSatisfy(\.isColumn) else { return nil }
        var values: [[UInt8]?] = []
        for spec in check.specs {
            guard case .fixed = spec.layout else { return nil }
            values.append([])
        }
        let size = BtreeTupleSize.size(values, specs: check.specs)
        return size <= 2704 ? size : nil
    }
}
