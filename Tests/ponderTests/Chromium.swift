import Foundation

/// Headless Chromium, to render pages as a user's browser would (scripts/setup.sh installs it for the tests).
enum Chromium {
    /// The browser's path, if one is installed.
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in directories {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// Runs the browser headless on `page` with `arguments` (`--dump-dom`, `--screenshot=…`); returns its
    /// standard output. Its profile lives in `folder`, so runs in parallel do not share one.
    /// The wait for the browser happens on a thread of Dispatch's, not on a cooperative one (see
    /// ``PonderBinary/run(_:input:environment:)``).
    static func run(_ arguments: [String], page: URL, folder: URL) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, page: page, folder: folder) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], page: URL, folder: URL) throws -> String {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--window-size=1200,800",
            ] + arguments + [page.absoluteString]
        let output = folder.appendingPathComponent("chromium-\(UUID()).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }
}
