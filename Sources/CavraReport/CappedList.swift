/// A list cut to a platform limit: the first (strongest) elements are kept and the rest counted, so the report
/// can say how many were left out.
struct CappedList<Element> {
    var kept: [Element]
    var omitted: Int

    init(_ elements: [Element], limit: Int) {
        let limit = max(0, limit)
        kept = Array(elements.prefix(limit))
        omitted = elements.count - kept.count
    }
}
