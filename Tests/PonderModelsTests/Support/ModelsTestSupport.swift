import Foundation
import Logging
import PonderCore
import PonderModels
import ZIPFoundation

/// Shared set-up of the model-fetching tests: temporary folders, quick retries, small wheels.
enum ModelsTest {
    /// Retries with no wait, so a resumed download does not sleep; generous timeouts for a busy machine.
    static let transfer = TransferConfiguration(
        requestTimeout: .seconds(600), readTimeout: .seconds(600), maxAttempts: 3, initialBackoff: .zero,
        maxBackoff: .zero, progressStride: 1)

    /// A fresh folder under the system's temporary directory, removed after `body`.
    static func withFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-models-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// A resolver whose Hub and index are the fake at `server`, with the store and Hub cache under `folder`.
    static func resolver(server: URL, folder: URL, token: String? = nil, offline: Bool = false) -> ModelResolver {
        ModelResolver(
            store: ModelStore(directory: folder.appendingPathComponent("models")),
            hub: HubSettings(
                endpoint: server, token: token, cacheDirectory: folder.appendingPathComponent("hub"),
                offline: offline),
            index: PackageIndexSettings(indexURL: server.appendingPathComponent("simple")),
            transfer: transfer, logger: logger)
    }

    static let logger: Logger = {
        var logger = Logger(label: "ponder.models.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Deterministic bytes that are not all alike.
    static func bytes(_ count: Int, seed: UInt8 = 7) -> Data {
        var state = UInt32(seed) &* 2_654_435_761
        return Data(
            (0..<count).map { _ in
                state = state &* 1_664_525 &+ 1_013_904_223
                return UInt8(truncatingIfNeeded: state >> 24)
            })
    }

    /// A wheel (a zip file) holding `chunks` at the given paths, plus a metadata file that is not a chunk.
    static func wheel(_ chunks: [(path: String, data: Data)], package: String) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let entries = chunks + [(path: "\(package)-1.0.dist-info/METADATA", data: Data("Name: x\n".utf8))]
        for (path, data) in entries {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                })
        }
        guard let data = archive.data else { throw ModelsError(.wheelContents, "no archive data") }
        return data
    }

    /// Every file and link under `folder`, as paths relative to it.
    static func tree(_ folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.sorted()
    }
}
