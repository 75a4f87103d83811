public import Foundation

/// How to reach the Hugging Face Hub and where its files are cached, read from the environment variables
/// `huggingface_hub` reads: `HF_ENDPOINT`, `HF_TOKEN` (or the token file `huggingface-cli login` writes),
/// `HF_HOME`, `HF_HUB_CACHE`, `HF_HUB_OFFLINE`, and `REQUESTS_CA_BUNDLE`/`HTTPS_PROXY` for the connection.
public struct HubSettings: Sendable, Hashable {
    /// The default endpoint.
    // swift-format-ignore: NeverForceUnwrap
    public static let huggingFace = URL(string: "https://huggingface.co")!

    /// The Hub's base URL (`HF_ENDPOINT`).
    public var endpoint: URL
    /// The access token, sent only to ``endpoint``'s host.
    public var token: BearerToken?
    /// The cache's root: `HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public var cacheDirectory: URL
    /// Whether the network must not be used (`HF_HUB_OFFLINE=1`): only cached files are found.
    public var offline: Bool
    /// A PEM bundle of trusted certificate authorities, or `nil` for the system's.
    public var certificateFile: String?
    /// An HTTP proxy, or `nil`.
    public var proxy: URL?

    /// Creates settings; `token` is wrapped for `endpoint`'s host.
    public init(
        endpoint: URL = HubSettings.huggingFace, token: String? = nil, cacheDirectory: URL, offline: Bool = false,
        certificateFile: String? = nil, proxy: URL? = nil
    ) {
        let text = endpoint.absoluteString
        self.endpoint = text.hasSuffix("/") ? URL(string: String(text.dropLast())) ?? endpoint : endpoint
        self.token = token.flatMap { BearerToken($0, host: endpoint.host ?? "") }
        self.cacheDirectory = cacheDirectory
        self.offline = offline
        self.certificateFile = certificateFile
        self.proxy = proxy
    }

    /// The settings of this environment.
    public static func environment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        home: URL = FileManager.default.homeDirectoryForCurrentUser
    ) -> HubSettings {
        let cacheHome =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".cache")
        let hfHome =
            environment["HF_HOME"].map { URL(fileURLWithPath: $0) }
            ?? cacheHome.appendingPathComponent("huggingface")
        let cache =
            (environment["HF_HUB_CACHE"] ?? environment["HUGGINGFACE_HUB_CACHE"]).map {
                URL(fileURLWithPath: $0)
            } ?? hfHome.appendingPathComponent("hub")
        let tokenFile = environment["HF_TOKEN_PATH"] ?? hfHome.appendingPathComponent("token").path
        let token =
            environment["HF_TOKEN"] ?? environment["HUGGING_FACE_HUB_TOKEN"]
            ?? (try? String(contentsOfFile: tokenFile, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
        let offline = ["1", "on", "yes", "true"].contains(environment["HF_HUB_OFFLINE"]?.lowercased() ?? "")
        let certificate =
            environment["REQUESTS_CA_BUNDLE"] ?? environment["CURL_CA_BUNDLE"]
            ?? environment["SSL_CERT_FILE"]
        let proxy = environment["HTTPS_PROXY"] ?? environment["https_proxy"]
        let endpoint = environment["HF_ENDPOINT"].flatMap { URL(string: $0) } ?? huggingFace
        return HubSettings(
            endpoint: endpoint, token: token, cacheDirectory: cache, offline: offline,
            certificateFile: certificate?.isEmpty == false ? certificate : nil,
            proxy: TransferConfiguration.proxy(
                proxy, for: endpoint.host, noProxy: environment["NO_PROXY"] ?? environment["no_proxy"]))
    }

    /// The transfer settings for the Hub: its certificates and proxy over `base`.
    public func transfer(_ base: TransferConfiguration = TransferConfiguration()) -> TransferConfiguration {
        var configuration = base
        configuration.certificateFile = certificateFile ?? base.certificateFile
        configuration.proxy = proxy ?? base.proxy
        return configuration
    }
}
