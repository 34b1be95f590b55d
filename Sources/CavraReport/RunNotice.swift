import CavraModel

/// What a run says besides its findings that no reader may miss: a break-glass pass, and each approval record that
/// did not count. Every format shows these same notices, each in its own way, so none can leave one out or word
/// it differently.
struct RunNotice {
    enum Kind {
        case breakGlass
        case ignoredApproval
    }

    var kind: Kind
    /// A short heading, such as an annotation's title.
    var title: String
    /// One line, unescaped: each format escapes it for where it goes.
    var message: String
    /// The file the notice is about, when there is one (an ignored record).
    var file: String?
    /// Stable across runs with the same notice, for platforms that key issues on it.
    var key: String

    /// SARIF's notification id and the code platforms file the notice under.
    var code: String {
        switch kind {
        case .breakGlass: "cavra/break-glass"
        case .ignoredApproval: "cavra/approval-ignored"
        }
    }
}

extension GateResult {
    /// The break-glass pass first, then every ignored approval record in the order they were read.
    var notices: [RunNotice] {
        var notices: [RunNotice] = []
        if let breakGlass {
            notices.append(
                RunNotice(
                    kind: .breakGlass, title: "cavra-gate: BREAK-GLASS",
                    message: breakGlass.announcement(stillDenied: status == .deny), file: nil,
                    key: "break-glass:\(breakGlass.ticket):\(breakGlass.expires)"))
        }
        notices += approvalsIgnored.map { ignored in
            RunNotice(
                kind: .ignoredApproval, title: "cavra-gate: approval record ignored (\(ignored.reason.rawValue))",
                message: ignored.warning, file: ignored.file,
                key: "approval-ignored:\(ignored.file):\(ignored.reason.rawValue)")
        }
        return notices
    }
}

extension BreakGlass {
    /// `BREAK-GLASS by ACTOR (ticket T, expires E): REASON; N findings lifted`.
    func announcement(stillDenied: Bool) -> String {
        let count = lifted.count
        var text =
            "BREAK-GLASS by \(actor) (ticket \(ticket), expires \(expires)): \(reason.replacingLineBreaks()); "
            + "\(count) finding\(count == 1 ? "" : "s") lifted"
        if stillDenied { text += ", but a denial that break-glass cannot lift still denies" }
        return text
    }
}
