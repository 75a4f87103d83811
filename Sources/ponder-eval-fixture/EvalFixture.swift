import Foundation
import Logging
import PonderCore
import PonderEval
import PonderMath
import PonderTesting
import Synchronization

/// `ponder-eval-fixture`: an evaluation on scripted models, in a process of its own, for tests that kill it.
///
/// It runs the same `EvalRunner` and `EvalStore` as `ponder eval`, with the scripted policy and verifier of
/// `PonderTesting` instead of models, so a run takes moments and its stored rows are the same on every run.
/// Used only by tests; not a product.
///
/// ```
/// ponder-eval-fixture --db FILE [--problems N] [--concurrency C] [--freeze-after-calls K --frozen-marker FILE]
/// ```
///
/// With `--freeze-after-calls K`, every policy call after the K-th hangs (the process is frozen mid-run, to be
/// killed) and the marker file is created when the first one does. At the end it prints one JSON line:
/// `{"planned":…,"resumed":…,"finished":…,"failed":…,"policyCalls":…}`.
@main
enum EvalFixture {
    static func main() async {
        do {
            let options = try Options(CommandLine.arguments.dropFirst())
            let summary = try await run(options)
            print(summary)
        } catch {
            FileHandle.standardError.write(Data("ponder-eval-fixture: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The plan every fixture run uses: three strategies, two budgets, the scripted models.
    static func run(_ options: Options) async throws -> String {
        let store = try EvalStore(path: options.database)
        let policy = FreezablePolicy(
            ScriptedPolicy(answers: ["7", "7", "3", "7", "12"]), freezeAfter: options.freezeAfterCalls,
            marker: options.frozenMarker)
        let verifier = ScriptedPRM { path in Double((path.last ?? "").utf8.count % 10) / 10 }
        var logger = Logger(label: "ponder-eval-fixture")
        logger.logLevel = .critical
        let runner = EvalRunner(
            store: store, policy: policy, verifier: verifier,
            builder: RecordBuilder(
                grading: MathGrader(configuration: .voting), voting: MathGrader(configuration: .voting)),
            concurrency: options.concurrency, logger: logger)
        let dataset = Dataset(
            name: "fixture",
            problems: (0..<options.problems).map { index in
                DatasetProblem(
                    id: "p\(index)", statement: "Problem \(index): what is the answer?",
                    answer: index % 3 == 0 ? "3" : "7", level: index % 5 + 1, subject: "Fixture", line: index + 1)
            })
        let plan = EvalPlan(strategies: [.majority, .bestOfN, .beam], budgets: [4, 8], seeds: [0])
        let summary = try await runner.run(plan, on: dataset)
        return """
            {"planned":\(summary.planned),"resumed":\(summary.resumed),"finished":\(summary.finished),\
            "failed":\(summary.failures.count),"policyCalls":\(policy.calls)}
            """
    }
}

/// The fixture's command line.
struct Options {
    var database = ""
    var problems = 24
    var concurrency = 4
    var freezeAfterCalls: Int?
    var frozenMarker: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(_ arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst() else { throw Failure(description: "\(flag) needs a value") }
            switch flag {
            case "--db": database = value
            case "--problems": problems = try Self.count(flag, value)
            case "--concurrency": concurrency = try Self.count(flag, value)
            case "--freeze-after-calls": freezeAfterCalls = try Self.count(flag, value)
            case "--frozen-marker": frozenMarker = value
            default: throw Failure(description: "unknown option '\(flag)'")
            }
        }
        guard !database.isEmpty else { throw Failure(description: "--db is required") }
    }

    private static func count(_ flag: String, _ value: String) throws -> Int {
        guard let count = Int(value), count >= 0 else { throw Failure(description: "\(flag) needs a count") }
        return count
    }
}

/// Passes the first `freezeAfter` calls to the scripted policy; later ones hang until the process is killed.
final class FreezablePolicy: PolicyModel, Sendable {
    private let base: any PolicyModel
    private let freezeAfter: Int?
    private let marker: String?
    private let count = Mutex(0)

    init(_ base: any PolicyModel, freezeAfter: Int?, marker: String?) {
        self.base = base
        self.freezeAfter = freezeAfter
        self.marker = marker
    }

    var descriptor: ModelDescriptor { base.descriptor }

    /// The calls made, frozen ones included.
    var calls: Int { count.withLock { $0 } }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        let call = count.withLock { count in
            count += 1
            return count
        }
        if let freezeAfter, call > freezeAfter {
            if call == freezeAfter + 1, let marker { _ = FileManager.default.createFile(atPath: marker, contents: nil) }
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        return try await base.continueSolutions(requests, parameters: parameters, progress: progress)
    }
}
