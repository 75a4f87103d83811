import Foundation
import PonderCore
import PonderModels
import Testing

/// Catalog models assembled from chunk wheels served by a fake PyPI simple index: digest checks, numeric
/// chunk order, both index page forms, resumed wheels, and nothing left behind on a mismatch.
@Suite struct ModelInstallerTests {
    /// Two wheels whose chunks join to `whole`: the first holds parts 1, 2 and 10 (numeric order matters), the
    /// second a `.gguf.partNN` chunk as the Gemma wheels have.
    struct Fixture {
        let whole = ModelsTest.bytes(120_000, seed: 5)
        let wheels: [(name: String, data: Data)]
        let model: CatalogModel

        init() throws {
            let parts = [whole[0..<10_000], whole[10_000..<30_000], whole[30_000..<70_000], whole[70_000...]].map {
                Data($0)
            }
            let first = try ModelsTest.wheel(
                [
                    ("tiny_model_part1/data/part10.bin", parts[2]), ("tiny_model_part1/data/part1.bin", parts[0]),
                    ("tiny_model_part1/data/part2.bin", parts[1]),
                ], package: "tiny_model_part1")
            let second = try ModelsTest.wheel(
                [("tiny_model_part2/data/tiny.gguf.part03", parts[3])], package: "tiny_model_part2")
            wheels = [
                ("tiny_model_part1-0.1.0-py3-none-any.whl", first), ("tiny_model_part2-0.1.0-py3-none-any.whl", second),
            ]
            model = CatalogModel(
                name: "tiny", summary: "test", fileName: "tiny.gguf",
                wheels: ["tiny-model-part1==0.1.0", "Tiny_Model.Part2==0.1.0"], bytes: Int64(whole.count),
                sha256: FakeModelServer.sha256(whole))
        }

        func server(_ change: (inout FakeModelServer.Behaviour) -> Void = { _ in }) -> FakeModelServer {
            var behaviour = FakeModelServer.Behaviour()
            behaviour.projects = [
                "tiny-model-part1": [
                    (wheels[0].name, wheels[0].data), ("tiny_model_part1-0.1.0.tar.gz", Data("sdist".utf8)),
                ],
                "tiny-model-part2": [(wheels[1].name, wheels[1].data)],
            ]
            change(&behaviour)
            return FakeModelServer(behaviour)
        }
    }

    static func install(_ model: CatalogModel, server: URL, folder: URL) async throws -> String {
        let resolver = ModelsTest.resolver(server: server, folder: folder)
        let http = try ModelHTTPClient(configuration: ModelsTest.transfer, logger: ModelsTest.logger)
        do {
            let path = try await ModelInstaller(
                store: resolver.store, index: resolver.index, http: http, logger: ModelsTest.logger
            ).install(model)
            try await http.shutdown()
            return path
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    @Test(arguments: [false, true])
    func wheelsAreDownloadedCheckedAndTheirChunksJoinedInNumericOrder(htmlIndex: Bool) async throws {
        let fixture = try Fixture()
        let fake = fixture.server { $0.htmlIndex = htmlIndex }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let path = try await Self.install(fixture.model, server: url, folder: folder)
                #expect(path == folder.appendingPathComponent("models/tiny.gguf").path)
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == fixture.whole)
                // The work folder is gone once the model is in place.
                #expect(ModelsTest.tree(folder.appendingPathComponent("models")) == ["tiny.gguf"])
                #expect(fake.requests.map(\.path).contains("/simple/tiny-model-part2/"))
            }
        }
    }

    @Test func aCutWheelDownloadResumesWithARange() async throws {
        let fixture = try Fixture()
        let fake = fixture.server { $0.cutAfter = [fixture.wheels[0].name: 5_000] }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let path = try await Self.install(fixture.model, server: url, folder: folder)
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == fixture.whole)
                let gets = fake.requests.filter { $0.path == "/files/\(fixture.wheels[0].name)" }
                #expect(gets.count == 2)
                #expect(gets.last?.range?.hasPrefix("bytes=") == true && gets.last?.range != "bytes=0-")
            }
        }
    }

    @Test func aWheelDigestMismatchLeavesNoWheelNoPartFileAndNoModel() async throws {
        let fixture = try Fixture()
        let fake = fixture.server { $0.wrongWheelDigest = String(repeating: "0", count: 64) }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let error = try await #require(throws: ModelsError.self) {
                    try await Self.install(fixture.model, server: url, folder: folder)
                }
                #expect(error.code == .checksumMismatch)
                let left = ModelsTest.tree(folder.appendingPathComponent("models")).filter {
                    $0.hasSuffix(".whl") || $0.hasSuffix(".part") || $0.hasSuffix(".gguf")
                }
                #expect(left.isEmpty)
            }
        }
    }

    @Test func anAssembledFileWithTheWrongDigestIsNotInstalled() async throws {
        let fixture = try Fixture()
        var model = fixture.model
        model.sha256 = String(repeating: "f", count: 64)
        try await fixture.server().withServer { url in
            try await ModelsTest.withFolder { folder in
                let error = try await #require(throws: ModelsError.self) {
                    try await Self.install(model, server: url, folder: folder)
                }
                #expect(error.code == .checksumMismatch && error.message.contains(fixture.model.sha256))
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("models/tiny.gguf").path))
                #expect(
                    !ModelsTest.tree(folder.appendingPathComponent("models")).contains { $0.hasSuffix(".gguf.part") })
            }
        }
    }

    @Test func aMissingWheelNamesTheIndexAndWhatItHas() async throws {
        let fixture = try Fixture()
        var model = fixture.model
        model.wheels = ["tiny-model-part1==9.9.9"]
        try await fixture.server().withServer { url in
            try await ModelsTest.withFolder { folder in
                let error = try await #require(throws: ModelsError.self) {
                    try await Self.install(model, server: url, folder: folder)
                }
                #expect(
                    error.code == .wheelNotFound && error.message.contains("tiny_model_part1-0.1.0-py3-none-any.whl"))
            }
        }
    }

    @Test func pipSettingsComeFromTheEnvironmentThenTheConfigurationFiles() throws {
        try ModelsTestSync.withFolder { folder in
            let global = folder.appendingPathComponent("pip.conf")
            try Data(
                "[global]\nindex-url = https://mirror.example/simple\ncert = /etc/ca.pem\n[download]\nproxy = http://proxy.example:3128\n"
                    .utf8
            )
            .write(to: global)
            let fromFile = PackageIndexSettings.pip(environment: [:], home: folder, globalFiles: [global.path])
            #expect(fromFile.indexURL.absoluteString == "https://mirror.example/simple/")
            #expect(fromFile.certificateFile == "/etc/ca.pem")
            #expect(fromFile.proxy?.absoluteString == "http://proxy.example:3128")
            let fromEnvironment = PackageIndexSettings.pip(
                environment: ["PIP_INDEX_URL": "http://127.0.0.1:1/simple/", "PIP_CERT": "/other.pem"], home: folder,
                globalFiles: [global.path])
            #expect(fromEnvironment.indexURL.absoluteString == "http://127.0.0.1:1/simple/")
            #expect(fromEnvironment.certificateFile == "/other.pem")
            let none = PackageIndexSettings.pip(environment: [:], home: folder, globalFiles: [])
            #expect(none.indexURL == PackageIndexSettings.pypi && none.certificateFile == nil)
        }
    }
}

/// Synchronous twin of ``ModelsTest/withFolder(_:)``.
enum ModelsTestSync {
    static func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-models-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }
}
