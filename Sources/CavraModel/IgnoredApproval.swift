/// An approval record that was read but did not apply, so no record is ever silently dropped. It is an `Error` so
/// that checking a record can fail with it, the first reason found ending the check.
public struct IgnoredApproval: Error, Codable, Sendable, Hashable {
    public enum Reason: String, Codable, Sendable, CaseIterable {
        case unreadable
        case unknownKey = "unknown_key"
        case badSignature = "bad_signature"
        case wrongGroup = "wrong_group"
        case expired
        case otherFingerprint = "other_fingerprint"
        case otherPolicy = "other_policy"
        /// The fingerprint names a finding that is not awaiting approval: a deny, or an allow.
        case notApprovable = "not_approvable"
        /// The record is valid, but its group needs more distinct approvers than approved the finding.
        case notEnoughApprovers = "not_enough_approvers"
        /// Another record of the same key already approves the finding; one key counts once.
        case duplicateKey = "duplicate_key"
    }

    public var file: String
    public var reason: Reason
    /// What exactly did not match, for the reader who must fix the record.
    public var detail: String

    public init(file: String, reason: Reason, detail: String) {
        self.file = file
        self.reason = reason
        self.detail = detail
    }

    /// The line every human format shows among the result's warnings.
    public var warning: String {
        "approval record \(file) was ignored (\(reason.rawValue)): \(detail)"
    }
}
