public import Foundation

/// Where wheels come from and how to reach it, read as pip reads it: `PIP_INDEX_URL`, `PIP_CERT` and
/// `PIP_PROXY` first, then `index-url`, `cert` and `proxy` in pip's configuration files (then `SSL_CERT_FILE`,
/// `HTTPS_PROXY` and `NO_PROXY`) (`[download]` over
/// `[global]`; `PIP_CONFIG_FILE` over the site file over the user files over the global ones).
public struct PackageIndexSettings: Sendable, Hashable {
    /// The default index: PyPI's simple repository API.
    // swift-format-ignore: NeverForceUnwrap
    public static let pypi = URL(string: "https://pypi.org/simple/")!

    /// The simple repository API's root (`…/simple/`).
    public var indexURL: URL
    /// A PEM bundle of trusted certificate authorities, or `nil` for the system's.
    public var certificateFile: String?
    /// An HTTP proxy, or `nil`.
    public var proxy: URL?

    /// Creates settings.
    public init(indexURL: URL = PackageIndexSettings.pypi, certificateFile: String? = nil, proxy: URL? = nil) {
        self.indexURL = indexURL.absoluteString.hasSuffix("/") ? indexURL : indexURL.appendingPathComponent("")
        self.certificateFile = certificateFile
        self.proxy = proxy
    }

    /// The settings pip would use in this environment.
    ///
    /// - Parameters:
    ///   - home: the user's home folder (for `~/.config/pip/pip.conf` and `~/.pip/pip.conf`).
    ///   - globalFiles: the system-wide configuration files, lowest priority first.
    public static func pip(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: URL = FileManager.default.homeDirectoryForCurrentUser,
        globalFiles: [String] = ["/etc/xdg/pip/pip.conf", "/etc/pip.conf"]
    ) -> PackageIndexSettings {
        var files = globalFiles
        let configHome = environment["XDG_CONFIG_HOME"] ?? home.appendingPathComponent(".config").path
        files += [home.appendingPathComponent(".pip/pip.conf").path, configHome + "/pip/pip.conf"]
        if let virtualEnv = environment["VIRTUAL_ENV"] { files.append(virtualEnv + "/pip.conf") }
        if let file = environment["PIP_CONFIG_FILE"], file != "os.devnull" { files.append(file) }
        var values: [String: String] = [:]
        if environment["PIP_CONFIG_FILE"] != "os.devnull" {
            for file in files {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
                values.merge(Self.options(in: text)) { $1 }
            }
        }
        let index = environment["PIP_INDEX_URL"] ?? values["index-url"]
        let cert = environment["PIP_CERT"] ?? values["cert"] ?? environment["SSL_CERT_FILE"]
        let proxy =
            environment["PIP_PROXY"] ?? values["proxy"] ?? environment["HTTPS_PROXY"] ?? environment["https_proxy"]
        let indexURL = index.flatMap { URL(string: $0.trimmingCharacters(in: .whitespaces)) } ?? pypi
        return PackageIndexSettings(
            indexURL: indexURL, certificateFile: cert?.isEmpty == false ? cert : nil,
            proxy: TransferConfiguration.proxy(
                proxy, for: indexURL.host, noProxy: environment["NO_PROXY"] ?? environment["no_proxy"]))
    }

    /// The `[global]` then `[download]` options of one pip configuration file (INI: `key = value`, `#` and `;`
    /// comments); later sections override earlier ones.
    static func options(in text: String) -> [String: String] {
        var sections: [String: [String: String]] = [:]
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces).lowercased()
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: "_", with: "-")
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
        return (sections["global"] ?? [:]).merging(sections["download"] ?? [:]) { $1 }
    }

    /// The transfer settings for this index: its certificates and proxy over `base`.
    public func transfer(_ base: TransferConfiguration = TransferConfiguration()) -> TransferConfiguration {
        var configuration = base
        configuration.certificateFile = certificateFile ?? base.certificateFile
        configuration.proxy = proxy ?? base.proxy
        return configuration
    }
}
