import Foundation

/// Where one file's download stands: reported to a ``ProgressReporter`` as bytes arrive.
public struct DownloadProgress: Sendable, Hashable {
    /// What is being fetched, for people (a wheel's or a Hub file's name).
    public var label: String
    /// The position of this file among the files of one pull (1-based) and their count.
    public var file: Int
    /// How many files the pull fetches.
    public var files: Int
    /// Bytes on disk so far, including those kept from an earlier, interrupted attempt.
    public var receivedBytes: Int64
    /// The file's size, when the server or the index told it.
    public var totalBytes: Int64?
    /// Bytes this attempt started from (resumed from a part file), so speed counts only new bytes.
    public var resumedFrom: Int64
    /// Whether the file is complete.
    public var isFinished: Bool

    /// Creates a progress report.
    public init(
        label: String, file: Int = 1, files: Int = 1, receivedBytes: Int64, totalBytes: Int64?,
        resumedFrom: Int64 = 0, isFinished: Bool = false
    ) {
        self.label = label
        self.file = file
        self.files = files
        self.receivedBytes = receivedBytes
        self.totalBytes = totalBytes
        self.resumedFrom = resumedFrom
        self.isFinished = isFinished
    }

    /// The finished fraction in 0...1, when the size is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(receivedBytes) / Double(totalBytes))
    }
}

/// Receives download progress; called from the downloading task, so it must return quickly.
public typealias ProgressReporter = @Sendable (DownloadProgress) -> Void
