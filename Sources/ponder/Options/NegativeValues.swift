/// ArgumentParser reads `--n -3` as the option `--n` followed by a flag `-3`, and reports a missing value.
/// A negative number after an option is almost always meant as its value, so it is attached (`--n=-3`) before
/// parsing: the option's own validation then names the bad value ("Invalid n '-3': expected at least 1").
enum NegativeValues {
    /// `arguments` with every negative number that follows a value option attached to it.
    static func attached(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if index + 1 < arguments.count, takesValue(argument), isNegativeNumber(arguments[index + 1]) {
                result.append("\(argument)=\(arguments[index + 1])")
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// Flags that take no value: a number after one is a positional argument.
    static let flags: Set<String> = [
        "--json", "--show-solutions", "--verbose", "--help", "-h", "--version", "--keep-capped", "--no-png",
        "--no-percent-variants", "--verify", "--force-profile", "--reuse-samples",
        "--pairwise",
    ]

    private static func takesValue(_ argument: String) -> Bool {
        (argument.hasPrefix("--") && argument.count > 2 && !argument.contains("=") && !flags.contains(argument))
            || argument == "-n"
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        guard text.hasPrefix("-"), text.count > 1 else { return false }
        return Double(text) != nil
    }
}
