import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP(S) server on 127.0.0.1 for tests: a small Python 3 program that serves fixed routes on a port of
/// its own choosing and logs every request it receives. It stops when the object goes away, and by itself when
/// the test process dies.
///
/// ```swift
/// let server = try LoopbackServer(routes: ["/jwks": .init(body: #"{"keys": []}"#)])
/// defer { server.stop() }
/// let response = try client.send(HTTPRequest(url: server.url("/jwks")))
/// #expect(try server.requests().map(\.target) == ["/jwks"])
/// ```
public final class LoopbackServer: @unchecked Sendable {
    /// What the server answers on one route. A route's key is `METHOD /path?query`, `METHOD /path`,
    /// `/path?query` or `/path`, tried in that order, so a fake API can answer a list and a create on one path.
    /// `$BASE` in a body or a header stands for the server's own `baseURL`, which is known only once it runs.
    public struct Route: Sendable, Encodable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        /// Seconds to wait before answering, to provoke a client's timeout.
        public var delay: Double
        /// The first this-many requests to the route are answered with `failStatus` and `failHeaders`.
        public var failFirst: Int
        public var failStatus: Int
        public var failHeaders: [String: String]

        public init(
            status: Int = 200, headers: [String: String] = [:], body: [UInt8] = [], delay: Double = 0,
            failFirst: Int = 0, failStatus: Int = 500, failHeaders: [String: String] = [:]
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.failFirst = failFirst
            self.failStatus = failStatus
            self.failHeaders = failHeaders
        }

        public init(
            status: Int = 200, headers: [String: String] = [:], body: String, delay: Double = 0, failFirst: Int = 0,
            failStatus: Int = 500, failHeaders: [String: String] = [:]
        ) {
            self.init(
                status: status, headers: headers, body: Array(body.utf8), delay: delay, failFirst: failFirst,
                failStatus: failStatus, failHeaders: failHeaders)
        }

        enum CodingKeys: String, CodingKey { case status, headers, body, delay, failFirst, failStatus, failHeaders }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status, forKey: .status)
            try container.encode(headers, forKey: .headers)
            try container.encode(Data(body).base64EncodedString(), forKey: .body)
            try container.encode(delay, forKey: .delay)
            try container.encode(failFirst, forKey: .failFirst)
            try container.encode(failStatus, forKey: .failStatus)
            try container.encode(failHeaders, forKey: .failHeaders)
        }
    }

    /// One request as the server received it.
    public struct Request: Sendable, Decodable {
        public var method: String
        /// The path and query, as sent.
        public var target: String
        /// Names lower-cased.
        public var headers: [String: String]
        public var body: [UInt8]

        public var path: String { String(target.prefix { $0 != "?" }) }

        enum CodingKeys: String, CodingKey { case method, target, headers, body }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            method = try container.decode(String.self, forKey: .method)
            target = try container.decode(String.self, forKey: .target)
            headers = try container.decode([String: String].self, forKey: .headers)
            body = Array(Data(base64Encoded: try container.decode(String.self, forKey: .body)) ?? Data())
        }
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    /// `http`, or `https` when started with a certificate.
    public let scheme: String
    private let folder: URL
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    /// `scheme://127.0.0.1:port`.
    public var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    public func url(_ pathAndQuery: String) -> String { baseURL + pathAndQuery }

    /// Starts the server; with `tls` it speaks only HTTPS, with that certificate.
    public init(routes: [String: Route], tls: TestCertificateAuthority? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cavra-loopback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("server.py")
        try Data(Self.script.utf8).write(to: script)
        try JSONEncoder().encode(routes).write(to: folder.appendingPathComponent("routes.json"))
        let log = folder.appendingPathComponent("requests.jsonl")
        try Data().write(to: log)
        let errors = folder.appendingPathComponent("stderr")
        try Data().write(to: errors)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", script.path, folder.appendingPathComponent("routes.json").path, log.path]
        if let tls { arguments += [tls.serverCertificate, tls.serverKey] }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        scheme = tls == nil ? "http" : "https"

        var line: [UInt8] = []
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.waitUntilExit()
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: folder)
            throw StartFailure(description: "the loopback server did not start: \(stderr)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Every request received so far, oldest first; each is logged before it is answered.
    public func requests() throws -> [Request] {
        let text = try String(contentsOf: folder.appendingPathComponent("requests.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        // SIGKILL, since the server inherits the test runner's signal mask, in which SIGTERM may be blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    private static let script = #"""
        import base64, json, os, ssl, sys, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        routes_path, log_path = sys.argv[1], sys.argv[2]
        with open(routes_path) as routes_file:
            routes = json.load(routes_file)
        served = {}
        lock = threading.Lock()


        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                entry = {
                    "method": self.command,
                    "target": self.path,
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "body": base64.b64encode(body).decode(),
                }
                with lock:
                    with open(log_path, "a") as log:
                        log.write(json.dumps(entry) + "\n")
                    keys = [self.command + " " + self.path, self.command + " " + path, self.path, path]
                    key = next((key for key in keys if key in routes), path)
                    count = served.get(key, 0)
                    served[key] = count + 1
                route = routes.get(key)
                if route is None:
                    status, headers, payload = 404, {}, b"no such route"
                elif count < route["failFirst"]:
                    status, headers, payload = route["failStatus"], route["failHeaders"], b"failing on purpose"
                else:
                    time.sleep(route["delay"])
                    status, headers, payload = route["status"], route["headers"], base64.b64decode(route["body"])
                    payload = payload.replace(b"$BASE", base.encode())
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value.replace("$BASE", base))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = answer
            do_POST = answer
            do_PATCH = answer
            do_PUT = answer


        class Server(ThreadingHTTPServer):
            daemon_threads = True


        server = Server(("127.0.0.1", 0), Handler)
        if len(sys.argv) > 4:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[3], sys.argv[4])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        base = ("https" if len(sys.argv) > 4 else "http") + "://127.0.0.1:%d" % server.server_address[1]
        parent = os.getppid()


        def watch_parent():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)


        threading.Thread(target=watch_parent, daemon=True).start()
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
