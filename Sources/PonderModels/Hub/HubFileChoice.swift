import Foundation

/// Picks the GGUF file a ``HubReference`` means from a repository's file list.
public enum HubFileChoice {
    /// The file `reference` names among `files` (paths in the repository).
    ///
    /// A file name must match exactly; a quantisation matches the GGUF files whose names hold it, compared
    /// without case and with `-`/`_` alike. The parts of a split GGUF (`…-00001-of-00003.gguf`) count as one
    /// choice, its first part. Projector files (`mmproj…`) are not model weights and are left out.
    ///
    /// - Throws: ``ModelsError`` when no file matches, or several do.
    public static func choose(_ reference: HubReference, among files: [String]) throws -> String {
        let ggufs = files.filter {
            $0.lowercased().hasSuffix(".gguf") && !name(of: $0).lowercased().hasPrefix("mmproj")
        }
        .sorted()
        if let choice = reference.choice, reference.choiceIsFileName {
            guard let file = files.first(where: { $0 == choice }) ?? files.first(where: { name(of: $0) == choice })
            else {
                throw ModelsError.noMatchingFile(repository: reference.repository, choice: choice, files: ggufs)
            }
            return file
        }
        var candidates = ggufs
        if let choice = reference.choice {
            let wanted = folded(choice)
            candidates = ggufs.filter { folded(name(of: $0)).contains(wanted) }
            // An exact quantisation beats a longer one that contains it (Q4_K before Q4_K_M).
            let exact = candidates.filter { tokens(of: name(of: $0)).contains(wanted) }
            if !exact.isEmpty { candidates = exact }
        }
        candidates = candidates.filter { !isLaterSplitPart($0) }
        guard !candidates.isEmpty else {
            throw ModelsError.noMatchingFile(repository: reference.repository, choice: reference.choice, files: ggufs)
        }
        guard candidates.count == 1 else {
            throw ModelsError.ambiguousFile(
                repository: reference.repository, choice: reference.choice, files: candidates)
        }
        return candidates[0]
    }

    /// The parts of the split GGUF whose first part is `file` (`…-00001-of-00003.gguf`), in order; `[file]`
    /// for a file that is not split.
    public static func parts(of file: String, among files: [String]) -> [String] {
        guard let split = splitIndex(file), split.part == 1 else { return [file] }
        let prefix = String(file.dropLast(split.suffixLength))
        let wanted = (1...split.count).map { "\(prefix)-\(padded($0))-of-\(padded(split.count)).gguf" }
        return wanted.allSatisfy(files.contains) ? wanted : [file]
    }

    private static func padded(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 5 - text.count)) + text
    }

    private static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func folded(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The name's fields between `-`, `_` and `.` runs joined back with `_`, as candidate quant names: every
    /// run of consecutive fields.
    private static func tokens(of name: String) -> Set<String> {
        let base = name.lowercased().hasSuffix(".gguf") ? String(name.dropLast(5)) : name
        let fields = base.lowercased().split(whereSeparator: { "-.".contains($0) }).map(String.init)
        var result: Set<String> = []
        for field in fields { result.insert(field.replacingOccurrences(of: "-", with: "_")) }
        return result
    }

    private static func isLaterSplitPart(_ file: String) -> Bool {
        guard let split = splitIndex(file) else { return false }
        return split.part > 1
    }

    /// `(part, count)` of a name ending `-NNNNN-of-MMMMM.gguf`, and the length of that ending.
    private static func splitIndex(_ file: String) -> (part: Int, count: Int, suffixLength: Int)? {
        let lower = file.lowercased()
        guard lower.hasSuffix(".gguf") else { return nil }
        let stem = lower.dropLast(5)
        let fields = stem.split(separator: "-")
        guard fields.count >= 4, fields[fields.count - 2] == "of", fields[fields.count - 1].count == 5,
            fields[fields.count - 3].count == 5, let part = Int(fields[fields.count - 3]),
            let count = Int(fields[fields.count - 1]), part >= 1, count >= part
        else { return nil }
        return (part, count, "-00000-of-00000.gguf".count)
    }
}
