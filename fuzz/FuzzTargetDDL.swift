// libFuzzer target: the DDL tokenizer and parser used by `pgdmp check`.
import PGDump

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let sql = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = SQLTokenizer.tokenize(sql)
    _ = try? DDLParser.index(sql)
    _ = try? DDLParser.constraint(sql)
    _ = try? DDLParser.table(sql)
    _ = try? DDLParser.attachPartition(sql)
    return 0
}
