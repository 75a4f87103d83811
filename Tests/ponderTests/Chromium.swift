import Foundation
import PonderTesting

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
    /// standard output. Its profile lives in `folder`, so runs in parallel do not share one. The wait holds no
    /// cooperative thread (``PonderExecutable/run(_:input:environment:executable:)``).
    static func run(_ arguments: [String], page: URL, folder: URL) async throws -> String {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        let browserArguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--window-size=1200,800",
            ] + arguments + [page.absoluteString]
        return try await PonderExecutable.run(browserArguments, executable: URL(fileURLWithPath: path)).stdout
    }
}
