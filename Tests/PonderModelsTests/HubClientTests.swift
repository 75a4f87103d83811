import Foundation
import PonderCore
import PonderModels
import Synchronization
import Testing

/// The Hub client against a fake Hub serving the real API's shapes: downloads into the shared cache layout,
/// resumes cut connections, leaves nothing behind on a checksum mismatch, and keeps the token to itself.
@Suite struct HubClientTests {
    static let repository = "acme/Tiny-Math-GGUF"
    static let q4 = ModelsTest.bytes(200_000, seed: 1)
    static let q8 = ModelsTest.bytes(150_000, seed: 2)
    static let files = ["tiny-math-q4_k_m.gguf": q4, "tiny-math-q8_0.gguf": q8, "README.md": Data("# Tiny\n".utf8)]

    static func server(_ change: (inout FakeModelServer.Behaviour) -> Void = { _ in }) -> FakeModelServer {
        var behaviour = FakeModelServer.Behaviour()
        behaviour.repositories = [repository: files]
        change(&behaviour)
        return FakeModelServer(behaviour)
    }

    @Test func downloadFollowsTheRedirectAndFillsTheHubCacheLayout() async throws {
        let fake = Self.server()
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let resolver = ModelsTest.resolver(server: url, folder: folder)
                let path = try await resolver.fetch("hf:\(Self.repository):Q4_K_M")

                let commit = fake.behaviour.commit
                let repo = folder.appendingPathComponent("hub/models--acme--Tiny-Math-GGUF")
                let digest = FakeModelServer.sha256(Self.q4)
                #expect(path == repo.appendingPathComponent("snapshots/\(commit)/tiny-math-q4_k_m.gguf").path)
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == "../../blobs/\(digest)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.q4)
                #expect(
                    try String(contentsOf: repo.appendingPathComponent("refs/main"), encoding: .utf8) == commit)
                #expect(ModelsTest.tree(repo.appendingPathComponent("blobs")) == [digest])
                // The tree listing, the HEAD of the resolve URL, then the redirect's target.
                let paths = fake.requests.map { "\($0.method) \($0.path)" }
                #expect(paths.contains("GET /api/models/acme/Tiny-Math-GGUF/tree/main"))
                #expect(paths.contains("HEAD /acme/Tiny-Math-GGUF/resolve/main/tiny-math-q4_k_m.gguf"))
                #expect(paths.last == "GET /cdn/\(digest)")
            }
        }
    }

    @Test func downloadResumesWithARangeAfterTheConnectionIsCut() async throws {
        let digest = FakeModelServer.sha256(Self.q4)
        let fake = Self.server { $0.cutAfter = [digest: 64_000] }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let reports = Mutex<[DownloadProgress]>([])
                let path = try await ModelsTest.resolver(server: url, folder: folder).fetch(
                    "hf:\(Self.repository):q4_k_m", progress: { progress in reports.withLock { $0.append(progress) } })

                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.q4)
                let downloads = fake.requests.filter { $0.path == "/cdn/\(digest)" }
                try #require(downloads.count == 2)
                #expect(downloads[0].range == nil)
                let resumedAt = try #require(downloads[1].range.flatMap { Int($0.dropFirst(6).dropLast()) })
                #expect(resumedAt > 0 && resumedAt <= 64_000)
                let last = try #require(reports.withLock { $0.last })
                #expect(last.isFinished && last.receivedBytes == Int64(Self.q4.count))
                #expect(last.resumedFrom == Int64(resumedAt))
                #expect(
                    !FileManager.default.fileExists(
                        atPath: folder.appendingPathComponent(
                            "hub/models--acme--Tiny-Math-GGUF/blobs/\(digest).incomplete"
                        ).path))
            }
        }
    }

    @Test func checksumMismatchLeavesNoBlobPartFileOrSnapshotLink() async throws {
        let digest = FakeModelServer.sha256(Self.q4)
        let fake = Self.server { $0.corrupted = [digest: ModelsTest.bytes(Self.q4.count, seed: 99)] }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let error = try await #require(throws: ModelsError.self) {
                    try await ModelsTest.resolver(server: url, folder: folder).fetch("hf:\(Self.repository):Q4_K_M")
                }
                #expect(error.code == .checksumMismatch)
                #expect(error.message.contains(digest))
                let repo = folder.appendingPathComponent("hub/models--acme--Tiny-Math-GGUF")
                #expect(ModelsTest.tree(repo.appendingPathComponent("blobs")).isEmpty)
                #expect(ModelsTest.tree(repo.appendingPathComponent("snapshots")).isEmpty)
                #expect(!FileManager.default.fileExists(atPath: repo.appendingPathComponent("refs/main").path))
            }
        }
    }

    @Test func tokenIsSentToTheHubAndNeverPrintedOrLogged() async throws {
        let token = "hf_TopSecretToken123"
        let fake = Self.server { $0.requiredToken = token }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let entries = RecordingLogHandler.Entries()
                var resolver = ModelsTest.resolver(server: url, folder: folder, token: token)
                resolver.logger = RecordingLogHandler.logger(entries)
                _ = try await resolver.fetch("hf:\(Self.repository):Q8_0")
                let hubRequests = fake.requests.filter { !$0.path.hasPrefix("/cdn/") }
                #expect(!hubRequests.isEmpty)
                #expect(hubRequests.allSatisfy { $0.authorization == "Bearer \(token)" })
                // The storage host the Hub redirects to never sees it.
                let storage = fake.requests.filter { $0.path.hasPrefix("/cdn/") }
                #expect(storage.count == 1 && storage.allSatisfy { $0.authorization == nil })

                // A wrong token: the fake echoes the header in its error body; the error must not show it.
                let wrong = "hf_WrongButStillSecret456"
                var denied = ModelsTest.resolver(server: url, folder: folder, token: wrong)
                denied.logger = RecordingLogHandler.logger(entries)
                let error = try await #require(throws: ModelsError.self) {
                    try await denied.fetch("hf:\(Self.repository):Q4_K_M")
                }
                #expect(error.code == .httpStatus)
                #expect(error.message.contains("401") && error.message.contains("HF_TOKEN"))
                #expect(!"\(error)".contains(wrong) && !"\(error)".contains(token))
                #expect(!entries.all.isEmpty)
                #expect(entries.all.allSatisfy { !$0.contains(token) && !$0.contains(wrong) })
                #expect("\(try #require(denied.hub.token))" == "<redacted>")
            }
        }
    }

    @Test func bareRepositoryWithSeveralGGUFFilesIsAClearErrorListingThem() async throws {
        let fake = Self.server()
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let error = try await #require(throws: ModelsError.self) {
                    try await ModelsTest.resolver(server: url, folder: folder).fetch("hf:\(Self.repository)")
                }
                #expect(error.code == .ambiguousFile)
                #expect(
                    error.message.contains("'tiny-math-q4_k_m.gguf'") && error.message.contains("'tiny-math-q8_0.gguf'")
                )
                #expect(error.message.contains("hf:\(Self.repository):FILE or :QUANT"))
                let missing = try await #require(throws: ModelsError.self) {
                    try await ModelsTest.resolver(server: url, folder: folder).fetch("hf:\(Self.repository):IQ2_XS")
                }
                #expect(missing.code == .noMatchingFile)
            }
        }
    }

    @Test func aSecondPullFindsTheBlobAndDownloadsNothing() async throws {
        let fake = Self.server()
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let resolver = ModelsTest.resolver(server: url, folder: folder)
                let first = try await resolver.fetch("hf:\(Self.repository):Q8_0")
                let second = try await resolver.fetch("hf:\(Self.repository):q8_0")
                #expect(first == second)
                #expect(fake.requests.filter { $0.path.hasPrefix("/cdn/") }.count == 1)
            }
        }
    }

    @Test func unknownRepositoryIsA404WithAHint() async throws {
        try await Self.server().withServer { url in
            try await ModelsTest.withFolder { folder in
                let error = try await #require(throws: ModelsError.self) {
                    try await ModelsTest.resolver(server: url, folder: folder).fetch("hf:acme/nothing-here")
                }
                #expect(error.code == .httpStatus && error.message.contains("404"))
            }
        }
    }
}

extension FakeModelServer {
    /// The behaviour's current values, for assertions.
    var behaviour: Behaviour {
        var copy = Behaviour()
        update { copy = $0 }
        return copy
    }
}
