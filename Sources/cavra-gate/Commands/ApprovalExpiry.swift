import CavraTrust
import Foundation

/// `--expires`: a duration from now, or an RFC 3339 time.
enum ApprovalExpiry {
    static func date(_ text: String, from now: Date) throws(ApprovalError) -> Date {
        if let date = ApprovalRecord.date(text) { return date }
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count > 0 {
            return now.addingTimeInterval(count * unit)
        }
        throw ApprovalError("--expires \(text) is neither a duration such as 12h or 7d nor an RFC 3339 time")
    }
}
