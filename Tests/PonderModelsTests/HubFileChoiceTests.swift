import PonderCore
import PonderModels
import Testing

/// Which GGUF file a reference picks from a repository's listing (shapes taken from real GGUF repositories).
@Suite struct HubFileChoiceTests {
    static let qwen = [
        ".gitattributes", "LICENSE", "README.md",
        "qwen2.5-math-1.5b-instruct-q4_0.gguf", "qwen2.5-math-1.5b-instruct-q4_k_m.gguf",
        "qwen2.5-math-1.5b-instruct-q4_k_s.gguf", "qwen2.5-math-1.5b-instruct-q8_0.gguf",
        "qwen2.5-math-1.5b-instruct-fp16-00001-of-00002.gguf", "qwen2.5-math-1.5b-instruct-fp16-00002-of-00002.gguf",
        "mmproj-qwen2.5-f16.gguf",
    ]

    static func choose(_ text: String, _ files: [String] = qwen) throws -> String {
        try HubFileChoice.choose(try HubReference(parsing: text), among: files)
    }

    @Test(arguments: [
        ("Q4_K_M", "qwen2.5-math-1.5b-instruct-q4_k_m.gguf"),
        ("q8_0", "qwen2.5-math-1.5b-instruct-q8_0.gguf"),
        ("Q4_0", "qwen2.5-math-1.5b-instruct-q4_0.gguf"),
        ("fp16", "qwen2.5-math-1.5b-instruct-fp16-00001-of-00002.gguf"),
        ("qwen2.5-math-1.5b-instruct-q4_k_s.gguf", "qwen2.5-math-1.5b-instruct-q4_k_s.gguf"),
    ])
    func quantOrFileNamePicksOneFile(choice: String, expected: String) throws {
        #expect(try Self.choose("hf:Qwen/Qwen2.5-Math-1.5B-Instruct-GGUF:\(choice)") == expected)
    }

    @Test func aQuantThatPrefixesSeveralIsAmbiguousAndListsThem() throws {
        let error = try #require(throws: ModelsError.self) { try Self.choose("hf:Qwen/Q:Q4_K") }
        #expect(error.code == .ambiguousFile)
        #expect(error.message.contains("'qwen2.5-math-1.5b-instruct-q4_k_m.gguf'"))
        #expect(error.message.contains("'qwen2.5-math-1.5b-instruct-q4_k_s.gguf'"))
        #expect(!error.message.contains("q8_0"))
    }

    @Test func bareRepositoryPicksItsOnlyGGUFAndIgnoresProjectors() throws {
        #expect(
            try Self.choose("hf:a/b", ["README.md", "model-Q4_K_M.gguf", "mmproj-model-f16.gguf"])
                == "model-Q4_K_M.gguf")
        let error = try #require(throws: ModelsError.self) { try Self.choose("hf:a/b") }
        #expect(error.code == .ambiguousFile && error.message.contains("5 GGUF files"))
        let none = try #require(throws: ModelsError.self) { try Self.choose("hf:a/b", ["README.md"]) }
        #expect(none.code == .noMatchingFile && none.message.contains("GGUF files: none"))
    }

    @Test func splitFilesBringEveryPart() {
        #expect(
            HubFileChoice.parts(of: "qwen2.5-math-1.5b-instruct-fp16-00001-of-00002.gguf", among: Self.qwen) == [
                "qwen2.5-math-1.5b-instruct-fp16-00001-of-00002.gguf",
                "qwen2.5-math-1.5b-instruct-fp16-00002-of-00002.gguf",
            ])
        #expect(HubFileChoice.parts(of: "x-q4_0.gguf", among: ["x-q4_0.gguf"]) == ["x-q4_0.gguf"])
    }
}
