import CavraModel

extension GateResult.Runner {
    /// How every human format names the runner: the method, provider, issuer and subject that verified, or that
    /// nothing did. Unescaped: each format escapes it for where it goes.
    public var identityText: String {
        guard verified else { return "identity not verified" }
        var text = "verified " + (method ?? "identity")
        if let provider { text += " (\(provider))" }
        if let issuer { text += ", issuer \(issuer)" }
        if let subject { text += ", subject \(subject)" }
        return text
    }
}
