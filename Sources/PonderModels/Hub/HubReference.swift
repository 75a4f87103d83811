import Foundation

/// A model on the Hugging Face Hub as users name it: `hf:OWNER/REPO[@REVISION][:FILE or QUANT]`.
///
/// `hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:Q4_K_M` picks the GGUF file whose name holds `Q4_K_M`;
/// `…:qwen2.5-math-1.5b-instruct-q4_k_m.gguf` names the file; a bare repository picks its only GGUF file.
public struct HubReference: Sendable, Hashable, CustomStringConvertible {
    /// The prefix that marks a Hub reference.
    public static let scheme = "hf:"

    /// `OWNER/REPO`.
    public var repository: String
    /// A branch, tag or commit (default `main`).
    public var revision: String
    /// A file name (ends in `.gguf` or holds a `/`) or a quantisation to look for in the names, or `nil`.
    public var choice: String?

    /// Creates a reference.
    public init(repository: String, revision: String = "main", choice: String? = nil) {
        self.repository = repository
        self.revision = revision
        self.choice = choice
    }

    /// Whether `name` is meant as a Hub reference (starts with `hf:`).
    public static func isReference(_ name: String) -> Bool {
        name.hasPrefix(scheme)
    }

    /// Parses `hf:OWNER/REPO[@REVISION][:FILE or QUANT]`.
    ///
    /// - Throws: ``ModelsError`` for a missing owner or repository, or characters the Hub does not allow.
    public init(parsing text: String) throws {
        let expected = "hf:OWNER/REPO[@REVISION][:FILE or QUANT]"
        guard text.hasPrefix(Self.scheme) else { throw ModelsError.invalidReference(text, expected: expected) }
        var body = text.dropFirst(Self.scheme.count)
        var choice: String?
        if let colon = body.firstIndex(of: ":") {
            choice = String(body[body.index(after: colon)...])
            body = body[..<colon]
            if choice?.isEmpty == true { throw ModelsError.invalidReference(text, expected: expected) }
        }
        var revision = "main"
        if let at = body.firstIndex(of: "@") {
            revision = String(body[body.index(after: at)...])
            body = body[..<at]
        }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = { (character: Character) in
            character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
        }
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed) }),
            !parts.contains(where: { $0 == "." || $0 == ".." }), !revision.isEmpty,
            !revision.contains(".."), choice?.contains("..") != true
        else {
            throw ModelsError.invalidReference(text, expected: expected)
        }
        self.init(repository: String(body), revision: revision, choice: choice)
    }

    /// Whether ``choice`` names a file rather than a quantisation.
    public var choiceIsFileName: Bool {
        guard let choice else { return false }
        return choice.lowercased().hasSuffix(".gguf") || choice.contains("/")
    }

    /// The Hub's name of the repository's cache folder: `models--OWNER--REPO`.
    public var cacheFolderName: String {
        "models--" + repository.replacingOccurrences(of: "/", with: "--")
    }

    public var description: String {
        Self.scheme + repository + (revision == "main" ? "" : "@\(revision)") + (choice.map { ":\($0)" } ?? "")
    }
}
