/// Reads an English number written in words (`zero` … `nine hundred ninety-nine thousand`).
enum NumberWords {
    private static let small: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
        "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// The value of `text` when it consists only of number words, else `nil`.
    static func value(of text: String) -> Int? {
        guard text.count <= 80, text.first?.isLetter == true else { return nil }
        let words = text.lowercased().replacingText("-", with: " ").split(separator: " ")
        guard !words.isEmpty else { return nil }
        var total = 0
        var current = 0
        var sawNumber = false
        for word in words {
            if word == "and" { continue }
            if let value = small[String(word)] {
                current += value
                sawNumber = true
            } else if word == "hundred" {
                current = max(current, 1) * 100
            } else if word == "thousand" {
                total += max(current, 1) * 1_000
                current = 0
            } else if word == "million" {
                total += max(current, 1) * 1_000_000
                current = 0
            } else {
                return nil
            }
        }
        return sawNumber ? total + current : nil
    }
}
