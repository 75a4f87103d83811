public import Foundation

/// How model downloads talk to servers: timeouts, resume attempts, the trusted certificates and a proxy.
public struct TransferConfiguration: Sendable, Hashable {
    /// How long connecting to a server and receiving a reply's head may take.
    public var requestTimeout: Duration
    /// The longest silence allowed while a body streams before the connection counts as cut.
    public var readTimeout: Duration
    /// Attempts per file in a row that receive no byte; an attempt that receives bytes resets the count.
    public var maxAttempts: Int
    /// The wait before the first retry, doubled after each failed attempt up to ``maxBackoff``.
    public var initialBackoff: Duration
    /// The longest wait between attempts.
    public var maxBackoff: Duration
    /// A PEM bundle of trusted certificate authorities instead of the system's, or `nil` for the system's.
    public var certificateFile: String?
    /// An HTTP proxy (`http://host:port`) for every request, or `nil` for direct connections.
    public var proxy: URL?
    /// The least number of bytes between two progress reports (the last report is always sent).
    public var progressStride: Int64

    /// Creates a configuration.
    public init(
        requestTimeout: Duration = .seconds(60), readTimeout: Duration = .seconds(60), maxAttempts: Int = 5,
        initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30), certificateFile: String? = nil,
        proxy: URL? = nil, progressStride: Int64 = 1 << 20
    ) {
        self.requestTimeout = requestTimeout
        self.readTimeout = readTimeout
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.certificateFile = certificateFile
        self.proxy = proxy
        self.progressStride = progressStride
    }

    /// The wait before retry number `retry` (1-based).
    func backoff(beforeRetry retry: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(1, retry) where wait < maxBackoff { wait *= 2 }
        return min(wait, maxBackoff)
    }
}

extension TransferConfiguration {
    /// The proxy to use for `host`: `proxy` unless the host is loopback or matches `NO_PROXY` (a comma-separated
    /// list of host names, `.domain` suffixes, or `*`), as curl and Python's requests decide.
    static func proxy(_ proxy: String?, for host: String?, noProxy: String?) -> URL? {
        guard let proxy, !proxy.isEmpty, let url = URL(string: proxy) else { return nil }
        let host = (host ?? "").lowercased()
        if ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) || host.hasPrefix("127.") { return nil }
        for entry in (noProxy ?? "").split(separator: ",") {
            let rule = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if rule == "*" { return nil }
            let suffix = rule.hasPrefix(".") ? String(rule.dropFirst()) : rule
            if !suffix.isEmpty, host == suffix || host.hasSuffix("." + suffix) { return nil }
        }
        return url
    }
}
