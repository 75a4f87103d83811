public import Foundation
import PonderCore

/// The Hugging Face Hub's cache layout, shared with `huggingface_hub`, `huggingface-cli` and the tools that
/// follow the Hub's local-cache reference (llama.cpp since its PR 20775):
///
/// ```
/// CACHE/models--OWNER--REPO/
///   blobs/ETAG                      the file's bytes (ETAG: the sha256 of an LFS file, the git oid otherwise)
///   blobs/ETAG.incomplete           a download under way
///   snapshots/COMMIT/PATH           a relative symlink to ../../blobs/ETAG
///   refs/REVISION                   the commit a branch or tag pointed at, no newline
/// ```
public struct HubCache: Sendable, Hashable {
    /// The cache's root (`HF_HUB_CACHE`).
    public var root: URL

    /// A cache at `root`.
    public init(root: URL) {
        self.root = root
    }

    /// The folder of `repository` (`OWNER/REPO`).
    public func folder(of repository: String) -> URL {
        root.appendingPathComponent("models--" + repository.replacingOccurrences(of: "/", with: "--"))
    }

    /// Where the blob `etag` of `repository` lives.
    public func blob(_ etag: String, in repository: String) -> URL {
        folder(of: repository).appendingPathComponent("blobs").appendingPathComponent(etag)
    }

    /// The path of `file` in the snapshot of `commit`.
    public func snapshot(_ file: String, commit: String, in repository: String) -> URL {
        folder(of: repository).appendingPathComponent("snapshots").appendingPathComponent(commit)
            .appendingPathComponent(file)
    }

    /// The commit `revision` stands for in the cache: itself when it is a commit hash, else what
    /// `refs/REVISION` holds; `nil` when the cache has no such ref.
    public func commit(for revision: String, in repository: String) -> String? {
        if Self.isCommitHash(revision) { return revision }
        let ref = folder(of: repository).appendingPathComponent("refs").appendingPathComponent(revision)
        guard let text = try? String(contentsOf: ref, encoding: .utf8) else { return nil }
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }

    /// The files of the cached snapshot of `revision` (paths relative to the snapshot, files whose link
    /// resolves only).
    public func files(revision: String, in repository: String) -> [String] {
        guard let commit = commit(for: revision, in: repository) else { return [] }
        let snapshot = folder(of: repository).appendingPathComponent("snapshots").appendingPathComponent(commit)
        guard let enumerator = FileManager.default.enumerator(atPath: snapshot.path) else { return [] }
        var files: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            let full = snapshot.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// The cached path of `file` at `revision`, when it is there.
    public func cachedPath(of file: String, revision: String, in repository: String) -> String? {
        guard let commit = commit(for: revision, in: repository) else { return nil }
        let path = snapshot(file, commit: commit, in: repository).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The cached file `reference` means, found without the network; `nil` when the cache does not hold one.
    ///
    /// - Throws: ``ModelsError`` when the cached snapshot holds several matching files and no choice.
    public func cachedPath(for reference: HubReference) throws -> String? {
        let files = files(revision: reference.revision, in: reference.repository)
        guard !files.isEmpty else { return nil }
        let file: String
        do {
            file = try HubFileChoice.choose(reference, among: files)
        } catch let error as ModelsError where error.code == .noMatchingFile {
            return nil
        }
        return cachedPath(of: file, revision: reference.revision, in: reference.repository)
    }

    /// Links `file` of `commit` to the blob `etag` (a relative symlink, as `huggingface_hub` makes) and records
    /// that `revision` points at `commit`.
    ///
    /// - Throws: ``ModelsError`` when the folders or the link cannot be made.
    public func link(_ file: String, commit: String, etag: String, revision: String, in repository: String) throws {
        let link = snapshot(file, commit: commit, in: repository)
        let depth = file.split(separator: "/").count - 1
        let target = String(repeating: "../", count: depth + 2) + "blobs/" + etag
        do {
            try FileManager.default.createDirectory(
                at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) != nil
                || FileManager.default.fileExists(atPath: link.path)
            {
                try FileManager.default.removeItem(at: link)
            }
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
            if revision != commit {
                let ref = folder(of: repository).appendingPathComponent("refs").appendingPathComponent(revision)
                try FileManager.default.createDirectory(
                    at: ref.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(commit.utf8).write(to: ref, options: .atomic)
            }
        } catch {
            throw ModelsError.fileSystem("link the cached file", path: link.path, error: error)
        }
    }

    /// Whether `text` is a full git commit hash (40 hex digits).
    public static func isCommitHash(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy(\.isHexDigit)
    }
}

extension HubCache {
    /// The GGUF files of every cached repository's `main` snapshot, as references (`hf:OWNER/REPO:FILE`).
    public func cachedModels() -> [HubReference] {
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        var references: [HubReference] = []
        for folder in folders.sorted() where folder.hasPrefix("models--") {
            let parts = folder.dropFirst("models--".count).components(separatedBy: "--")
            guard parts.count == 2 else { continue }
            let repository = parts.joined(separator: "/")
            for file in files(revision: "main", in: repository) where file.lowercased().hasSuffix(".gguf") {
                references.append(HubReference(repository: repository, choice: file))
            }
        }
        return references
    }
}
