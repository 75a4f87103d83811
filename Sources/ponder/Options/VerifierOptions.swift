import ArgumentParser
import Foundation
import PonderBackends
import PonderCore
import PonderLlama
import PonderModels
import PonderRemote

/// Flags that choose the verifier of Best-of-N, beam search and DVTS: one grammar, local or remote.
struct VerifierOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            Verifier: self-certainty (the policy's own confidence), generative (an instruct model judges each \
            step), token-label (a PRM with --prm-format), or pooling (vLLM /pooling, with --verifier-url).
            """)
    var verifier: String = VerifierConfiguration.Kind.selfCertainty.rawValue

    @Option(
        name: .long,
        help: "The local verifier's model (generative, token-label): a catalog name, an hf: reference or a GGUF path.")
    var verifierModel: String = "qwen2.5-coder-1.5b"

    @Option(
        name: .long,
        help:
            "Token-label PRM format: \(PRMFormat.builtIn.map(\.name).joined(separator: ", ")), or a JSON file describing one."
    )
    var prmFormat: String?

    @Option(name: .long, help: "KV cells of the local verifier's engine.")
    var verifierContext: Int = 16384

    @Option(
        name: .long,
        help: """
            What the verifier scores: step (every step; beam and dvts prune, particle-filter resamples, and all \
            vote by step scores) or outcome (each whole solution once: best-of-n selects by it, beam, dvts and \
            particle-filter still prune or resample by step scores and take the final vote by it).
            """)
    var verifierMode: String = VerifierMode.step.rawValue

    @Option(
        name: .long,
        help: """
            The generative verifier's prompt for whole solutions (outcome mode): \
            \(OutcomeJudgePrompt.builtIn.map(\.name).joined(separator: ", ")).
            """)
    var judgePrompt: String = OutcomeJudgePrompt.default.name

    /// What the verifier scores.
    func mode() throws -> VerifierMode {
        try VerifierMode(parsing: verifierMode)
    }

    /// The verifier these flags describe; `remote` is the verifier's servers when `--verifier-url` was given.
    func configuration(
        remote: RemoteConfiguration?, models: ModelResolver, threads: Int?
    ) throws -> VerifierConfiguration {
        let kind = try VerifierConfiguration.Kind(parsing: verifier)
        let format = try prmFormat.map(Self.format)
        var local: EngineConfiguration?
        if remote == nil, kind == .generative || kind == .tokenLabel {
            local = EngineConfiguration(
                modelPath: try models.installedPath(of: verifierModel), contextLength: verifierContext,
                maxSequences: 64,
                threads: threads)
        }
        return VerifierConfiguration(
            kind: kind, local: local, remote: remote, format: format,
            outcomePrompt: try OutcomeJudgePrompt(parsing: judgePrompt))
    }

    /// The local verifier's model when these flags run one (no `--verifier-url`, a generative or
    /// token-label verifier); `nil` otherwise.
    func localModel(remote: Bool) -> String? {
        guard !remote, let kind = try? VerifierConfiguration.Kind(parsing: verifier),
            kind == .generative || kind == .tokenLabel
        else { return nil }
        return verifierModel
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
