import PonderCore
import Testing

@Suite struct StepSplitterTests {
    @Test(arguments: [
        ["Step one.", "\n\n", "Step", " two.\n\n", "So \\boxed{3}."],
        ["\n\n", "Lead", "ing.\n\n", "x"],
        ["no delimiter at all"],
        ["a.\n\nb", ".\n\n"],
    ])
    func stepsConcatenateBackToTheWholeText(pieces: [String]) {
        let bytes = pieces.map { Array($0.utf8) }
        let tokens = (0..<pieces.count).map { TokenID($0) }
        let steps = StepSplitter.split(tokens: tokens, pieces: bytes, logProbabilities: [], delimiter: "\n\n")
        #expect(steps.map(\.text).joined() == pieces.joined())
        #expect(steps.flatMap(\.tokens) == tokens)
        for step in steps.dropLast() { #expect(step.text.contains("\n\n")) }
    }

    @Test func splitsAtEachCompletedDelimiter() {
        let pieces = ["A.", "\n\n", "B.\n\n", "C."].map { Array($0.utf8) }
        let steps = StepSplitter.split(
            tokens: [1, 2, 3, 4], pieces: pieces, logProbabilities: [-1, -2, -3, -4], delimiter: "\n\n")
        #expect(steps.map(\.text) == ["A.\n\n", "B.\n\n", "C."])
        #expect(steps.map(\.tokens) == [[1, 2], [3], [4]])
        #expect(steps.map(\.tokenLogProbabilities) == [[-1, -2], [-3], [-4]])
    }
}
