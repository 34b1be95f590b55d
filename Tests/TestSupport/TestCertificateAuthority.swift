import Foundation

/// A throw-away CA and a server certificate it signed for 127.0.0.1, ::1 and localhost, made with the `openssl`
/// command, so tests can serve HTTPS that only a client trusting this CA accepts.
public struct TestCertificateAuthority: Sendable {
    /// PEM files.
    public let caCertificate: String
    public let serverCertificate: String
    public let serverKey: String

    /// Writes the CA and server files into a new temporary folder.
    public init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        caCertificate = path("ca.pem")
        serverCertificate = path("server.pem")
        serverKey = path("server.key")
        let extensions = path("server.ext")
        try Data(
            """
            subjectAltName = IP:127.0.0.1, IP:::1, DNS:localhost
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth

            """.utf8
        ).write(to: URL(fileURLWithPath: extensions))
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(
            ["req", "-x509"] + key + [
                "-keyout", path("ca.key"), "-out", caCertificate, "-days", "2", "-subj", "/CN=Cavra Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
            ])
        try Self.openssl(
            ["req", "-new"] + key + ["-keyout", serverKey, "-out", path("server.csr"), "-subj", "/CN=localhost"])
        try Self.openssl([
            "x509", "-req", "-in", path("server.csr"), "-CA", caCertificate, "-CAkey", path("ca.key"), "-set_serial",
            "2", "-days", "2", "-extfile", extensions, "-out", serverCertificate,
        ])
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try Shell.run(["openssl"] + arguments)
        guard result.status == 0 else { throw ShellFailure(command: "openssl \(arguments[0])", result: result) }
    }
}
