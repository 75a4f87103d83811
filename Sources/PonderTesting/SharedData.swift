public import Foundation

/// The shared evaluation data (MATH-500, AIME24, the fixed samples), read where it lies and never copied into
/// the repository.
public enum SharedData {
    /// `PONDER_DATA_DIR`, else `../shared/data` beside the repository.
    public static let directory: String = {
        if let directory = ProcessInfo.processInfo.environment["PONDER_DATA_DIR"], !directory.isEmpty {
            return directory
        }
        // This file is Sources/PonderTesting/SharedData.swift: three folders up is the repository.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    /// Whether MATH-500 and its fixed 100-problem sample are there.
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory + "/math500.jsonl")
            && FileManager.default.fileExists(atPath: directory + "/math500-s100.json")
    }
}
