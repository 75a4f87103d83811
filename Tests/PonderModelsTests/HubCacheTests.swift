import Foundation
import PonderCore
import PonderModels
import PonderTesting
import Testing

/// The Hub cache read by `huggingface_hub`'s layout rules: files other tools placed are found offline, and
/// files Ponder places sit where those tools look.
@Suite struct HubCacheTests {
    static let commit = "0123456789abcdef0123456789abcdef01234567"

    /// Places `file` by hand as `huggingface_hub` does: the blob, a relative link from the snapshot, the ref.
    static func place(_ data: Data, as file: String, repository: String, in cache: URL) throws -> URL {
        let repo = cache.appendingPathComponent("models--" + repository.replacingOccurrences(of: "/", with: "--"))
        let etag = FakeModelServer.sha256(data)
        let blobs = repo.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        try data.write(to: blobs.appendingPathComponent(etag))
        let snapshot = repo.appendingPathComponent("snapshots/\(commit)")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: snapshot.appendingPathComponent(file).path, withDestinationPath: "../../blobs/\(etag)")
        try FileManager.default.createDirectory(
            at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try Data(commit.utf8).write(to: repo.appendingPathComponent("refs/main"))
        return snapshot.appendingPathComponent(file)
    }

    @Test func filePlacedByHandIsFoundOfflineByQuantAndByName() async throws {
        try await ModelsTest.withFolder { folder in
            let cache = folder.appendingPathComponent("hub")
            let path = try Self.place(
                ModelsTest.bytes(1000), as: "qwen2.5-math-1.5b-instruct-q4_k_m.gguf",
                repository: "Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF", in: cache)
            _ = try Self.place(
                ModelsTest.bytes(900), as: "qwen2.5-math-1.5b-instruct-q8_0.gguf",
                repository: "Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF", in: cache)
            // No server listens at the endpoint: nothing here may use the network.
            let endpoint = try #require(URL(string: "http://127.0.0.1:\(try FreePort.find())"))
            let resolver = ModelsTest.resolver(server: endpoint, folder: folder, offline: true)

            #expect(try resolver.installedPath(of: "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:Q4_K_M") == path.path)
            #expect(
                try resolver.installedPath(
                    of: "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:qwen2.5-math-1.5b-instruct-q4_k_m.gguf")
                    == path.path)
            #expect(try await resolver.fetch("hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:Q4_K_M") == path.path)
            #expect(!resolver.needsFetching("hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:q4_k_m"))
            let ambiguous = try #require(throws: ModelsError.self) {
                try resolver.installedPath(of: "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF")
            }
            #expect(ambiguous.code == .ambiguousFile)
            let missing = try #require(throws: ModelsError.self) {
                try resolver.installedPath(of: "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:Q2_K")
            }
            #expect(missing.code == .notInstalled && missing.message.contains("ponder models pull"))
            #expect(
                HubCache(root: cache).cachedModels().map(\.description) == [
                    "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:qwen2.5-math-1.5b-instruct-q4_k_m.gguf",
                    "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:qwen2.5-math-1.5b-instruct-q8_0.gguf",
                ])
        }
    }

    @Test func unreachableHubFallsBackToTheCachedFile() async throws {
        try await ModelsTest.withFolder { folder in
            let path = try Self.place(
                ModelsTest.bytes(500), as: "tiny-q4_0.gguf", repository: "acme/tiny",
                in: folder.appendingPathComponent("hub"))
            let endpoint = try #require(URL(string: "http://127.0.0.1:\(try FreePort.find())"))
            let resolver = ModelsTest.resolver(server: endpoint, folder: folder)
            #expect(try await resolver.fetch("hf:acme/tiny") == path.path)
        }
    }

    @Test func settingsFollowTheHubsEnvironmentVariables() throws {
        let home = URL(fileURLWithPath: "/home/someone")
        let defaults = HubSettings.environment([:], home: home)
        #expect(defaults.cacheDirectory.path == "/home/someone/.cache/huggingface/hub")
        #expect(defaults.endpoint.absoluteString == "https://huggingface.co")
        #expect(defaults.token == nil && !defaults.offline)

        let hfHome = HubSettings.environment(["HF_HOME": "/data/hf", "HF_HUB_OFFLINE": "1"], home: home)
        #expect(hfHome.cacheDirectory.path == "/data/hf/hub" && hfHome.offline)

        let explicit = HubSettings.environment(
            [
                "HF_HOME": "/data/hf", "HF_HUB_CACHE": "/fast/cache", "HF_ENDPOINT": "https://hub.example/",
                "HF_TOKEN": "hf_x",
            ],
            home: home)
        #expect(explicit.cacheDirectory.path == "/fast/cache")
        #expect(explicit.endpoint.absoluteString == "https://hub.example")
        #expect(explicit.token?.host == "hub.example")

        let proxied = HubSettings.environment(
            ["HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "internal.example"], home: home)
        #expect(proxied.proxy?.absoluteString == "http://proxy.example:3128")
        for endpoint in ["http://127.0.0.1:8080", "https://hub.internal.example"] {
            let direct = HubSettings.environment(
                ["HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "internal.example", "HF_ENDPOINT": endpoint],
                home: home)
            #expect(direct.proxy == nil, "\(endpoint)")
        }
    }

    @Test(
        arguments: [
            (
                "hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:Q4_K_M", "Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF", "main",
                "Q4_K_M"
            ),
            ("hf:acme/tiny", "acme/tiny", "main", nil),
            ("hf:acme/tiny@v1.0:model.gguf", "acme/tiny", "v1.0", "model.gguf"),
        ] as [(String, String, String, String?)])
    func referencesParse(text: String, repository: String, revision: String, choice: String?) throws {
        let reference = try HubReference(parsing: text)
        #expect(reference.repository == repository && reference.revision == revision && reference.choice == choice)
        #expect(reference.description == text)
    }

    @Test(arguments: [
        "hf:", "hf:acme", "hf:acme/", "hf:/tiny", "hf:a/b/c", "hf:acme/tiny:", "hf:../x", "hf:a/b:../../etc",
    ])
    func malformedReferencesAreClearErrors(text: String) {
        #expect(throws: ModelsError.self) { try HubReference(parsing: text) }
    }
}
