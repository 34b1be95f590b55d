import Foundation

/// How long an answer may be reused, from its `Cache-Control` header.
enum CacheLifetime {
    static let absent: Double = 3600
    static let longest: Double = 86400

    /// `max-age` capped at a day, an hour when the header says nothing, zero when it forbids reuse.
    static func seconds(cacheControl: String?) -> Double {
        guard let cacheControl else { return absent }
        var maxAge: Double?
        for directive in cacheControl.lowercased().split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"")))
            }
            switch parts.first {
            case "no-store", "no-cache": return 0
            case "max-age":
                guard parts.count == 2, let value = Int(parts[1]), value >= 0 else { return 0 }
                maxAge = Double(value)
            default: continue
            }
        }
        return min(maxAge ?? absent, longest)
    }
}
