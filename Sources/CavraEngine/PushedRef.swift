/// One ref update of a push, as git writes it on a pre-push hook's standard input:
/// `<local ref> <local object id> <remote ref> <remote object id>`.
public struct PushedRef: Sendable, Hashable {
    public var localRef: String
    public var localID: String
    public var remoteRef: String
    public var remoteID: String

    public init(localRef: String, localID: String, remoteRef: String, remoteID: String) {
        self.localRef = localRef
        self.localID = localID
        self.remoteRef = remoteRef
        self.remoteID = remoteID
    }

    /// The remote ref is to be deleted (`git push origin :branch`).
    public var isDeletion: Bool { Self.isZero(localID) }
    /// The remote does not have the ref yet.
    public var isCreation: Bool { Self.isZero(remoteID) }

    static func isZero(_ id: String) -> Bool { id.allSatisfy { $0 == "0" } }

    /// Parses everything git wrote on the hook's standard input; blank lines are ignored.
    /// - Throws: `HookError.malformedPushLine` naming the first line that is not a ref update.
    public static func parseAll(_ text: String) throws(HookError) -> [PushedRef] {
        var updates: [PushedRef] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            updates.append(try parse(String(line), lineNumber: index + 1))
        }
        return updates
    }

    static func parse(_ line: String, lineNumber: Int) throws(HookError) -> PushedRef {
        func malformed(_ problem: String) -> HookError {
            .malformedPushLine(line: lineNumber, text: line, problem: problem)
        }
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4 else {
            throw malformed("it has \(fields.count) space-separated field\(fields.count == 1 ? "" : "s"), not 4")
        }
        let update = PushedRef(localRef: fields[0], localID: fields[1], remoteRef: fields[2], remoteID: fields[3])
        for id in [update.localID, update.remoteID] where !isObjectID(id) {
            throw malformed("'\(id)' is not an object id (40 or 64 lowercase hexadecimal digits)")
        }
        guard !update.localRef.isEmpty else { throw malformed("the local ref is empty") }
        guard isRemoteRefName(update.remoteRef) else {
            throw malformed("'\(update.remoteRef)' is not a full ref name such as refs/heads/main")
        }
        if update.isDeletion && update.isCreation {
            throw malformed("both object ids are zero, so it neither creates, updates nor deletes the ref")
        }
        if update.localID.count != update.remoteID.count {
            throw malformed("the two object ids differ in length")
        }
        return update
    }

    private static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64)
            && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The shape git's own ref-name rules allow for a pushed ref; git has already rejected anything subtler.
    private static func isRemoteRefName(_ name: String) -> Bool {
        name.hasPrefix("refs/") && name.count > 5 && !name.hasSuffix("/") && !name.contains("..")
            && !name.contains("//") && name.unicodeScalars.allSatisfy { $0.value > 32 && $0.value != 127 }
    }
}
