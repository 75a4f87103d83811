import Foundation
import PonderCore
import PonderModels
import PonderTesting
import Testing

/// `ponder models pull|path hf:…` and `--model hf:…` as a user runs them, against the fake Hub (`HF_ENDPOINT`),
/// with the Hub cache and the store in a temporary folder.
@Suite struct ModelsCommandTests {
    static let token = "hf_CommandLineSecret789"

    static func environment(_ url: URL, _ folder: URL) -> [String: String] {
        [
            "HF_ENDPOINT": url.absoluteString, "HF_HOME": folder.appendingPathComponent("hf").path,
            "HF_TOKEN": token, "PONDER_HOME": folder.appendingPathComponent("ponder").path,
            "HF_HUB_CACHE": "", "HUGGINGFACE_HUB_CACHE": "", "HF_HUB_OFFLINE": "0",
        ].filter { !$0.value.isEmpty }
    }

    @Test func pullThenPathOfAHubModelWithTheTokenNeverPrinted() async throws {
        let fake = HubClientTests.server { $0.requiredToken = Self.token }
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                var environment = Self.environment(url, folder)
                let pull = try await PonderExecutable.run(
                    ["models", "pull", "hf:\(HubClientTests.repository):Q4_K_M"], environment: environment)
                #expect(pull.status == 0, "\(pull.stderr)")
                let path = pull.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                let commit = fake.behaviour.commit
                #expect(
                    path
                        == folder.appendingPathComponent(
                            "hf/hub/models--acme--Tiny-Math-GGUF/snapshots/\(commit)/tiny-math-q4_k_m.gguf"
                        ).path)
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == HubClientTests.q4)
                // Not a terminal: plain progress lines, ending with the finished file.
                #expect(pull.stderr.contains("tiny-math-q4_k_m.gguf") && pull.stderr.contains("done"))
                #expect(!pull.stderr.contains("\u{1B}["))
                #expect(!pull.stderr.contains(Self.token) && !pull.stdout.contains(Self.token))

                // Found again offline, and listed.
                environment["HF_HUB_OFFLINE"] = "1"
                let found = try await PonderExecutable.run(
                    ["models", "path", "hf:\(HubClientTests.repository):q4_k_m"], environment: environment)
                #expect(found.status == 0 && found.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == path)
                let list = try await PonderExecutable.run(["models", "list"], environment: environment)
                #expect(list.stdout.contains("hf:\(HubClientTests.repository):tiny-math-q4_k_m.gguf"))

                // A wrong token: a clear error that does not print it.
                environment["HF_HUB_OFFLINE"] = nil
                environment["HF_TOKEN"] = "hf_WrongCommandLineSecret"
                let denied = try await PonderExecutable.run(
                    ["models", "pull", "hf:\(HubClientTests.repository):Q8_0"], environment: environment)
                #expect(denied.failedCleanly && denied.stderr.contains("401"))
                #expect(!denied.stderr.contains("hf_WrongCommandLineSecret"))
            }
        }
    }

    @Test func solveWithAnHfModelFetchesItIntoTheCacheAndLoadsThatFile() async throws {
        let fake = HubClientTests.server()
        try await fake.withServer { url in
            try await ModelsTest.withFolder { folder in
                let environment = Self.environment(url, folder)
                // Several GGUF files and no choice: an error listing them, before anything is cached.
                let ambiguous = try await PonderExecutable.run(
                    ["solve", "--model", "hf:\(HubClientTests.repository)", "What is 1+1?"], environment: environment)
                #expect(ambiguous.failedCleanly && ambiguous.stderr.contains("name one as hf:"), "\(ambiguous.stderr)")
                #expect(ambiguous.stderr.contains("tiny-math-q8_0.gguf"))

                let run = try await PonderExecutable.run(
                    ["solve", "--model", "hf:\(HubClientTests.repository):Q8_0", "What is 1+1?"],
                    environment: environment)
                // The fake file is not a GGUF model: the load fails, naming the cached file it was given.
                let snapshot =
                    "hf/hub/models--acme--Tiny-Math-GGUF/snapshots/\(fake.behaviour.commit)/tiny-math-q8_0.gguf"
                #expect(run.failedCleanly)
                #expect(run.stderr.contains(folder.appendingPathComponent(snapshot).path), "\(run.stderr)")
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(snapshot).path))
                // Once one file is cached, the bare repository means it, found without the network.
                let cached = try await PonderExecutable.run(
                    ["models", "path", "hf:\(HubClientTests.repository)"],
                    environment: environment.merging(["HF_HUB_OFFLINE": "1"]) { $1 })
                #expect(cached.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("tiny-math-q8_0.gguf"))
            }
        }
    }
}
