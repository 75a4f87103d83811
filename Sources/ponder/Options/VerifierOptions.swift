import ArgumentParser
import Foundation
import PonderCore
import PonderLlama

/// Flags that choose the verifier of Best-of-N, beam search and DVTS.
struct VerifierOptions: ParsableArguments {
    @Option(name: .long, help: "Verifier: self-certainty (the policy's own confidence), generative (an instruct model judges each step), or a token-label PRM's GGUF path (with --prm-format).")
    var verifier: String = "self-certainty"

    @Option(name: .long, help: "The generative verifier's model: a catalog name or a GGUF path.")
    var verifierModel: String = "qwen2.5-coder-1.5b"

    @Option(name: .long, help: "Token-label PRM format: \(PRMFormat.builtIn.map(\.name).joined(separator: ", ")), or a JSON file describing one.")
    var prmFormat: String?

    @Option(name: .long, help: "KV cells of the verifier's engine.")
    var verifierContext: Int = 16384

    /// What the flags ask for, checked without loading anything.
    enum Choice {
        case selfCertainty
        case generative(EngineConfiguration)
        case tokenLabel(EngineConfiguration, PRMFormat)
    }

    /// Resolves the flags; errors name the bad value.
    func choice(store: ModelStore, threads: Int?) throws -> Choice {
        switch verifier {
        case "self-certainty":
            return .selfCertainty
        case "generative":
            return .generative(try configuration(path: store.resolve(verifierModel), threads: threads))
        default:
            guard FileManager.default.fileExists(atPath: verifier) else {
                throw ValidationError(
                    "Unknown verifier '\(verifier)': expected self-certainty, generative, or the path of a GGUF token-label PRM")
            }
            guard let prmFormat else {
                throw ValidationError("Verifier '\(verifier)' is a token-label PRM: give its --prm-format")
            }
            return .tokenLabel(try configuration(path: verifier, threads: threads), try Self.format(prmFormat))
        }
    }

    /// Loads the verifier.
    static func load(_ choice: Choice) async throws -> any ProcessRewardModel {
        switch choice {
        case .selfCertainty: SelfCertainty()
        case .generative(let configuration): try GenerativeVerifier(engine: try await LlamaEngine.load(configuration))
        case .tokenLabel(let configuration, let format):
            try TokenLabelPRM(engine: try await LlamaEngine.load(configuration), format: format)
        }
    }

    private func configuration(path: String, threads: Int?) throws -> EngineConfiguration {
        try EngineConfiguration(modelPath: path, contextLength: verifierContext, maxSequences: 64, threads: threads)
            .validated()
    }

    /// A built-in format by name, or one read from a JSON file.
    static func format(_ nameOrFile: String) throws -> PRMFormat {
        if let format = PRMFormat.builtIn.first(where: { $0.name == nameOrFile }) { return format }
        guard let data = FileManager.default.contents(atPath: nameOrFile) else {
            throw PonderError.unknownName(
                "PRM format", nameOrFile, known: PRMFormat.builtIn.map(\.name) + ["a JSON file"])
        }
        do {
            return try JSONDecoder().decode(PRMFormat.self, from: data).validated()
        } catch let error as PonderError {
            throw error
        } catch {
            throw ValidationError("PRM format file '\(nameOrFile)' is not a valid format: \(error)")
        }
    }
}
