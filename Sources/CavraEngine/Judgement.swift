import CavraModel

/// What a subject's judge found, before the result is assembled.
struct Judgement {
    var repository: String?
    var range: CompareRange
    var policy: PolicySet
    var changeCount: Int
    var findings: [Finding]
}
