/// What identifies one finished problem run in the store: (dataset, problem, policy, verifier, strategy,
/// N, seed, parameters). Running a key that is already stored does no work.
public struct RunKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The dataset's name.
    public var dataset: String
    /// The problem's id in the dataset.
    public var problemID: String
    /// The policy model's name.
    public var policy: String
    /// The verifier's name (``RunKey/noVerifier`` for strategies without one).
    public var verifier: String
    /// The strategy's name (`cot`, `majority`, `best-of-n`, `beam`, `dvts`).
    public var strategy: String
    /// The budget N the strategy ran at.
    public var budget: Int
    /// The sampling seed.
    public var seed: UInt32
    /// The other knobs, as canonical JSON (``RunConfiguration/parametersKey``).
    public var parameters: String

    /// The verifier name of strategies that use none (CoT, majority vote).
    public static let noVerifier = "none"

    /// Creates a key.
    public init(
        dataset: String, problemID: String, policy: String, verifier: String, strategy: String, budget: Int,
        seed: UInt32, parameters: String
    ) {
        self.dataset = dataset
        self.problemID = problemID
        self.policy = policy
        self.verifier = verifier
        self.strategy = strategy
        self.budget = budget
        self.seed = seed
        self.parameters = parameters
    }

    public var description: String {
        "\(dataset)/\(problemID) \(strategy) N=\(budget) seed=\(seed) policy=\(policy) verifier=\(verifier)"
    }
}
