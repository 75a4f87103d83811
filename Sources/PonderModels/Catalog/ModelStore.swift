public import Foundation

/// Where installed models live: `$PONDER_HOME/models` (default `~/.cache/ponder/models`).
public struct ModelStore: Sendable, Hashable {
    /// The directory holding the GGUF files.
    public var directory: URL

    /// A store in `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The store under `$PONDER_HOME` (default `~/.cache/ponder`).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelStore {
        let home =
            environment["PONDER_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ponder")
        return ModelStore(directory: home.appendingPathComponent("models"))
    }

    /// The path a catalog model is installed at.
    public func path(of model: CatalogModel) -> String {
        directory.appendingPathComponent(model.fileName).path
    }

    /// Whether `model` is installed.
    public func isInstalled(_ model: CatalogModel) -> Bool {
        FileManager.default.fileExists(atPath: path(of: model))
    }
}
