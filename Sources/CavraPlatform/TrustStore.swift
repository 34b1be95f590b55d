import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The CA certificates a request trusts: the system's, plus the PEM bundle `CAVRA_CA_BUNDLE` names. libcurl
/// takes one CA file, and not every TLS backend takes certificates from memory, so the two are joined in a
/// private file that lives as long as the request.
struct TrustStore {
    static let variable = "CAVRA_CA_BUNDLE"

    /// Where distributions keep the system bundle, for a libcurl too old to say which one it uses.
    private static let systemBundles = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
    ]

    /// The combined file, or nil when no extra bundle is configured and libcurl's default is used.
    let caFile: String?

    init(environment: [String: String], host: String) throws(HTTPError) {
        guard let extraPath = environment[Self.variable], !extraPath.isEmpty else {
            caFile = nil
            return
        }
        guard let extra = FileManager.default.contents(atPath: extraPath),
            String(decoding: extra, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----")
        else {
            throw HTTPError(
                "\(Self.variable) names '\(extraPath)', which is not a readable PEM certificate bundle, so the "
                    + "gate will not connect to \(host); point it at the PEM file of the CA to trust.")
        }
        let systemPath = Curl.defaultCAFile() ?? Self.systemBundles.first { FileManager.default.fileExists(atPath: $0) }
        var combined = systemPath.flatMap { FileManager.default.contents(atPath: $0) } ?? Data()
        combined.append(contentsOf: Array("\n".utf8))
        combined.append(extra)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-ca-\(UUID().uuidString).pem")
            .path
        guard PrivateFile.create(path, contents: combined) else {
            throw HTTPError(
                "The gate could not write the combined CA bundle for \(host) to \(path); make the temporary "
                    + "folder writable.")
        }
        caFile = path
    }

    func remove() {
        if let caFile { unlink(caFile) }
    }
}
