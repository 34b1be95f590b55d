import CCurlLoader
import Foundation

/// Everything one transfer needs, already checked by `HTTPClient`.
struct TransferSettings {
    var url: String
    var method: String
    var headerLines: [String]
    var body: [UInt8]
    /// `https`, or `http` for a loopback host: libcurl is told to speak nothing else.
    var scheme: String
    var caFile: String?
    /// The proxy to use, "" for none: set explicitly so that libcurl never reads the process environment.
    var proxy: String
    var noProxy: String?
    var connectTimeout: Double
    var totalTimeout: Double
    var maxBodyBytes: Int
}

/// How a transfer failed, sorted by what the caller can do about it.
struct TransferFailure: Error {
    enum Kind {
        /// Never reached the server, or lost it mid-transfer: worth another attempt.
        case connection
        case timeout
        case tooLarge
        case tls
        case other
    }

    let kind: Kind
    /// libcurl's own words, one line.
    let detail: String
}

/// The one place libcurl is driven; it is loaded on the first call, so a run that never sends a request never
/// loads it.
enum Curl {
    static var isAvailable: Bool { ccurl_load() == 0 }

    /// The CA bundle this libcurl trusts when told nothing, when it can say (libcurl 7.84 and later).
    static func defaultCAFile() -> String? {
        guard isAvailable, let easy = ccurl_easy_init() else { return nil }
        defer { ccurl_easy_cleanup(easy) }
        var path: UnsafePointer<CChar>?
        guard ccurl_getinfo_string(easy, CCURLINFO_CAINFO, &path) == CCURLE_OK, let path else { return nil }
        return String(cString: path)
    }

    static func perform(_ settings: TransferSettings) -> Result<HTTPResponse, TransferFailure> {
        guard let easy = ccurl_easy_init() else {
            return .failure(TransferFailure(kind: .other, detail: "libcurl could not start a transfer"))
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CCURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CCURL_ERROR_SIZE))
        var headerList: OpaquePointer?
        let sink = TransferSink(limit: settings.maxBodyBytes)
        defer {
            ccurl_easy_cleanup(easy)
            if let headerList { ccurl_slist_free_all(headerList) }
            errorBuffer.deallocate()
        }
        for line in settings.headerLines {
            guard let appended = ccurl_slist_append(headerList, line) else {
                return .failure(TransferFailure(kind: .other, detail: "libcurl could not hold the request headers"))
            }
            headerList = appended
        }
        let configured = configure(easy, settings, headerList: headerList, errorBuffer: errorBuffer, sink: sink)
        if case .failure(let failure) = configured { return .failure(failure) }
        // The callbacks reach the sink through an unretained pointer, so it must outlive the transfer.
        let code = withExtendedLifetime(sink) { ccurl_easy_perform(easy) }
        guard code == CCURLE_OK else {
            if sink.exceeded || code == CCURLE_FILESIZE_EXCEEDED {
                return .failure(TransferFailure(kind: .tooLarge, detail: ""))
            }
            let own = String(cString: errorBuffer)
            let detail = own.isEmpty ? String(cString: ccurl_easy_strerror(code)) : own
            return .failure(TransferFailure(kind: kind(of: code), detail: oneLine(detail)))
        }
        var status = 0
        guard ccurl_getinfo_long(easy, CCURLINFO_RESPONSE_CODE, &status) == CCURLE_OK else {
            return .failure(TransferFailure(kind: .other, detail: "libcurl did not report the response status"))
        }
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    private static func configure(
        _ easy: OpaquePointer, _ settings: TransferSettings, headerList: OpaquePointer?,
        errorBuffer: UnsafeMutablePointer<CChar>, sink: TransferSink
    ) -> Result<Void, TransferFailure> {
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var codes: [Int32] = [
            ccurl_setopt_ptr(easy, CCURLOPT_ERRORBUFFER, errorBuffer),
            ccurl_setopt_long(easy, CCURLOPT_NOSIGNAL, 1),
            ccurl_setopt_long(easy, CCURLOPT_FOLLOWLOCATION, 0),
            ccurl_setopt_long(easy, CCURLOPT_SSL_VERIFYPEER, 1),
            ccurl_setopt_long(easy, CCURLOPT_SSL_VERIFYHOST, 2),
            ccurl_setopt_long(easy, CCURLOPT_CONNECTTIMEOUT_MS, milliseconds(settings.connectTimeout)),
            ccurl_setopt_long(easy, CCURLOPT_TIMEOUT_MS, milliseconds(settings.totalTimeout)),
            ccurl_setopt_long(easy, CCURLOPT_MAXFILESIZE, settings.maxBodyBytes),
            ccurl_setopt_ptr(easy, CCURLOPT_PROXY, settings.proxy),
            ccurl_setopt_list(easy, CCURLOPT_HTTPHEADER, headerList),
            ccurl_setopt_ptr(easy, CCURLOPT_WRITEDATA, context),
            ccurl_setopt_callback(easy, CCURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let context else { return 0 }
                let length = size * count
                let accepted = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
                    .append(UnsafeRawBufferPointer(start: data, count: length))
                return accepted ? length : 0
            },
            ccurl_setopt_ptr(easy, CCURLOPT_HEADERDATA, context),
            ccurl_setopt_callback(easy, CCURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let context else { return 0 }
                let length = size * count
                Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
                    .header(UnsafeRawBufferPointer(start: data, count: length))
                return length
            },
        ]
        codes.append(restrictProtocols(easy, to: settings.scheme))
        if let noProxy = settings.noProxy { codes.append(ccurl_setopt_ptr(easy, CCURLOPT_NOPROXY, noProxy)) }
        if let caFile = settings.caFile { codes.append(ccurl_setopt_ptr(easy, CCURLOPT_CAINFO, caFile)) }
        if settings.method != "GET" {
            codes.append(ccurl_setopt_long(easy, CCURLOPT_POST, 1))
            // PATCH and PUT are sent as a POST with the method renamed, so libcurl sends the body the same way.
            if settings.method != "POST" {
                codes.append(ccurl_setopt_ptr(easy, CCURLOPT_CUSTOMREQUEST, settings.method))
            }
            codes.append(ccurl_setopt_long(easy, CCURLOPT_POSTFIELDSIZE, settings.body.count))
            // Copied by libcurl, so the body need not outlive this call; "" stands for an empty one.
            let body = settings.body.isEmpty ? [0] : settings.body
            codes.append(body.withUnsafeBytes { ccurl_setopt_ptr(easy, CCURLOPT_COPYPOSTFIELDS, $0.baseAddress) })
        }
        codes.append(ccurl_setopt_ptr(easy, CCURLOPT_URL, settings.url))
        if let refused = codes.first(where: { $0 != CCURLE_OK }) {
            return .failure(
                TransferFailure(
                    kind: .other, detail: "libcurl refused a setting (\(String(cString: ccurl_easy_strerror(refused))))"
                ))
        }
        return .success(())
    }

    /// `CURLOPT_PROTOCOLS_STR` where libcurl has it (7.85 and later), else the older bit mask.
    private static func restrictProtocols(_ easy: OpaquePointer, to scheme: String) -> Int32 {
        let code = ccurl_setopt_ptr(easy, CCURLOPT_PROTOCOLS_STR, scheme)
        guard code == CCURLE_UNKNOWN_OPTION else { return code }
        let mask = scheme == "https" ? CCURLPROTO_HTTPS : CCURLPROTO_HTTP
        return ccurl_setopt_long(easy, CCURLOPT_PROTOCOLS, Int(mask.rawValue))
    }

    private static func kind(of code: Int32) -> TransferFailure.Kind {
        switch code {
        case CCURLE_COULDNT_RESOLVE_PROXY, CCURLE_COULDNT_RESOLVE_HOST, CCURLE_COULDNT_CONNECT, CCURLE_GOT_NOTHING,
            CCURLE_SEND_ERROR, CCURLE_RECV_ERROR:
            return .connection
        case CCURLE_OPERATION_TIMEDOUT: return .timeout
        case CCURLE_SSL_CONNECT_ERROR, CCURLE_PEER_FAILED_VERIFICATION: return .tls
        default: return .other
        }
    }

    private static func milliseconds(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 }).trimmingCharacters(in: .whitespaces)
    }
}

/// Collects what libcurl hands the callbacks, refusing a body past the limit.
private final class TransferSink {
    let limit: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [String: String] = [:]
    private(set) var exceeded = false

    init(limit: Int) { self.limit = limit }

    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One header line; a status line starts a new header block (after `100 Continue`).
    func header(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers[name] = headers[name].map { "\($0), \(value)" } ?? value
    }
}
