/// Cuts generated tokens into steps by the same rule the engine stops on (``StepBoundaryDetector``).
public enum StepSplitter {
    /// Splits tokens into steps.
    ///
    /// - Parameters:
    ///   - tokens: the generated token ids.
    ///   - pieces: each token's bytes, same count as `tokens`.
    ///   - logProbabilities: each token's log-probability, same count as `tokens`, or empty.
    ///   - delimiter: the text that ends a step.
    /// - Returns: the steps; the last one may lack the delimiter.
    public static func split(
        tokens: [TokenID],
        pieces: [[UInt8]],
        logProbabilities: [Float],
        delimiter: String
    ) -> [Step] {
        precondition(tokens.count == pieces.count, "every token needs its bytes")
        precondition(
            logProbabilities.isEmpty || logProbabilities.count == tokens.count, "one log-probability per token")
        var detector = StepBoundaryDetector(delimiter: delimiter)
        var steps: [Step] = []
        var start = 0
        var bytes: [UInt8] = []
        func close(_ end: Int) {
            guard end > start else { return }
            let logps = logProbabilities.isEmpty ? [] : Array(logProbabilities[start..<end])
            steps.append(
                Step(
                    text: String(decoding: bytes, as: UTF8.self), tokens: Array(tokens[start..<end]),
                    tokenLogProbabilities: logps))
            start = end
            bytes.removeAll(keepingCapacity: true)
            detector.reset()
        }
        for index in tokens.indices {
            bytes.append(contentsOf: pieces[index])
            if detector.append(pieces[index]) { close(index + 1) }
        }
        close(tokens.count)
        return steps
    }
}
