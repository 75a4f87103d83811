import Foundation
import PonderCore
import Testing

@Suite struct PRMFormatTests {
    @Test func mathShepherdRendersEachStepWithItsTag() {
        let (text, ends) = PRMFormat.mathShepherd.renderPlain(question: "Q?", steps: ["a\n\n", " b \n\n"])
        #expect(text == "Q? a ки\nb ки\n")
        let bytes = Array(text.utf8)
        #expect(ends.count == 2)
        for end in ends { #expect(String(decoding: bytes[(end - "ки".utf8.count)..<end], as: UTF8.self) == "ки") }
    }

    @Test func rlhflowLaysStepsOutAsChatTurns() {
        let messages = PRMFormat.rlhflow.chatMessages(question: "Q?", steps: ["a\n\n", "b"])
        #expect(messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(messages.map(\.content) == ["Q? a", "+", "b", "+"])
    }

    @Test func aUserFormatLoadsFromJSON() throws {
        let json = """
            {"name": "mine", "layout": "plain", "question": "Problem: {question}\\n", "step": "{step} <tag>\\n",
             "tag": "<tag>", "firstUser": "{question} {step}", "goodLabel": "Y", "badLabel": "N"}
            """
        let format = try JSONDecoder().decode(PRMFormat.self, from: Data(json.utf8)).validated()
        #expect(format.renderPlain(question: "1+1", steps: ["2"]).text == "Problem: 1+1\n2 <tag>\n")
        #expect(try JSONDecoder().decode(PRMFormat.self, from: JSONEncoder().encode(PRMFormat.rlhflow)) == .rlhflow)
    }

    @Test func builtInFormatsAreValid() throws {
        for format in PRMFormat.builtIn { #expect(try format.validated() == format) }
    }

    @Test func formatsThatCannotBeReadAreRejected() {
        var noTag = PRMFormat.mathShepherd
        noTag.step = "{step}\n"
        var sameLabels = PRMFormat.mathShepherd
        sameLabels.badLabel = "+"
        var noStep = PRMFormat.rlhflow
        noStep.firstUser = "{question}"
        for format in [noTag, sameLabels, noStep] {
            #expect(throws: PonderError.self) { try format.validated() }
        }
    }
}
