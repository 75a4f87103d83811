import Foundation
import PonderCore

/// Converts SVG files to PNG with `rsvg-convert` (Debian's `librsvg2-bin`) when it is installed.
package enum PNGConverter {
    /// The `rsvg-convert` executable on `PATH`, or `nil`.
    package static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes `png` from `svg` at 2× scale for sharp text.
    ///
    /// - Throws: ``EvalError`` when the converter cannot start or fails.
    package static func convert(svg: String, png: String, executable: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--zoom", "2", "--background-color", "white", "--output", png, svg]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EvalError.reportFailed(png, reason: "cannot start '\(executable)': \(error.localizedDescription)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw EvalError.reportFailed(png, reason: "rsvg-convert exited with \(process.terminationStatus): \(text)")
        }
    }
}
