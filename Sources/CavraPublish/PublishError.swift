import CavraModel
import Foundation

/// Why the verdict could not be posted: one sentence with the HTTP status and the platform's own message when the
/// platform answered, never the token.
public struct PublishError: GateFailure, Equatable {
    public let message: String

    /// - Parameter secret: the token; every occurrence in `message` is masked, in case a platform echoes it.
    public init(_ message: String, hiding secret: String? = nil) {
        guard let secret, !secret.isEmpty else {
            self.message = message
            return
        }
        self.message = message.replacingOccurrences(of: secret, with: "***")
    }
}
