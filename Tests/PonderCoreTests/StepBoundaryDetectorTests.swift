import PonderCore
import Testing

@Suite struct StepBoundaryDetectorTests {
    private func firstBoundary(_ pieces: [String], delimiter: String = "\n\n") -> Int? {
        var detector = StepBoundaryDetector(delimiter: delimiter)
        for (index, piece) in pieces.enumerated() where detector.append(Array(piece.utf8)) { return index }
        return nil
    }

    @Test func stepEndsWithTheTokenThatCompletesTheDelimiter() {
        #expect(firstBoundary(["First", " step", ".\n", "\n", "Next"]) == 3)
        #expect(firstBoundary(["First", " step", ".\n\n", "Next"]) == 2)
    }

    @Test func delimiterInsideATokenWithMoreTextStillEndsTheStep() {
        #expect(firstBoundary(["Done", ".\n\nThe", " rest"]) == 1)
    }

    @Test func leadingBlankLineDoesNotEndAnEmptyStep() {
        #expect(firstBoundary(["\n\n", "Text", "\n\n"]) == 2)
        #expect(firstBoundary(["\n", "\n", " ", "x\n\n"]) == 3)
    }

    @Test func noDelimiterMeansNoBoundary() {
        #expect(firstBoundary(["a\n", "b\n", "c"]) == nil)
    }

    @Test func customDelimiterIsHonoured() {
        #expect(firstBoundary(["## Step 1: add", " 2 ", "## Step", " 2"], delimiter: "## Step") == 2)
    }

    @Test func resetStartsAFreshStep() {
        var detector = StepBoundaryDetector()
        let first = detector.append(Array("a\n\n".utf8))
        detector.reset()
        let blank = detector.append(Array("\n\n".utf8))
        let second = detector.append(Array("b\n\n".utf8))
        #expect(first)
        #expect(!blank)
        #expect(second)
    }
}
