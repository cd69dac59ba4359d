// What the library reads from an answer (ResponseEnvelope, then CreateInstance's or
// ListInstances' payload), through any `Fields` type with LenientFields' methods: the
// response path as a whole, not only the parse.
protocol AnswerFields {
    func string(_ name: String) -> String?
    func int64(_ name: String) -> Int64?
    func bool(_ name: String) -> Bool?
    func objects(_ name: String) -> [Self]
    func object(_ name: String) -> Self?
}

/// How many of the fields the library reads were there.
func readAnswer<Fields: AnswerFields>(_ fields: Fields) -> Int {
    var found = 0
    func count<Value>(_ value: Value?) { if value != nil { found += 1 } }
    count(fields.string("RequestId"))
    count(fields.string("Code"))
    count(fields.string("Message"))
    count(fields.bool("Success"))
    for instance in (fields.object("Instance").map { [$0] } ?? []) + fields.objects("Instances") {
        count(instance.string("InstanceId"))
        count(instance.string("InstanceName"))
        count(instance.string("InstanceDescription"))
        count(instance.int64("CreationTime"))
        count(instance.int64("CreatorId"))
        count(instance.string("CreatorName"))
        count(instance.string("OwnerName"))
        count(instance.string("ResourceGroupId"))
        count(instance.int64("MaxConcurrentConversation"))
    }
    count(fields.int64("TotalCount"))
    count(fields.int64("PageNumber"))
    count(fields.int64("PageSize"))
    return found
}

/// The answer read as the library reads it: 0 when it is not a JSON object.
@_cdecl("bench_read_answer")
public func benchReadAnswer(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    guard let bytes else { return 0 }
    return variantReadAnswer(UnsafeBufferPointer(start: bytes, count: count))
}
