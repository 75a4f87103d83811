#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a probe's features into a probability for each difficulty bin: multinomial logistic regression on
/// standardised features, fitted on calibration problems whose true bins come from their stored pass@1.
///
/// Deterministic: fitted by full-batch gradient descent from zero weights, so one calibration set always
/// gives one predictor.
public struct DifficultyPredictor: Sendable, Hashable, Codable {
    /// The bins, in the order of ``weights`` and ``biases``.
    public var bins: [DifficultyBin]
    /// The features' names (``ProbeFeatures/names`` when fitted), kept to refuse a profile that reads others.
    public var features: [String]
    /// Each feature's mean over the calibration examples.
    public var means: [Double]
    /// Each feature's standard deviation (1 where it did not vary).
    public var scales: [Double]
    /// One weight per bin and standardised feature.
    public var weights: [[Double]]
    /// One bias per bin.
    public var biases: [Double]
    /// How many calibration examples it was fitted on, per bin (in ``bins``' order).
    public var examples: [Int]

    /// One calibration example: a probe's features and the problem's true bin.
    public struct Example: Sendable, Hashable {
        /// The features, in ``ProbeFeatures/names``' order.
        public var features: [Double]
        /// The true bin.
        public var bin: DifficultyBin

        /// Creates an example.
        public init(features: [Double], bin: DifficultyBin) {
            self.features = features
            self.bin = bin
        }
    }

    /// Creates a predictor from its fitted values.
    public init(
        bins: [DifficultyBin], features: [String], means: [Double], scales: [Double], weights: [[Double]],
        biases: [Double], examples: [Int]
    ) {
        self.bins = bins
        self.features = features
        self.means = means
        self.scales = scales
        self.weights = weights
        self.biases = biases
        self.examples = examples
    }

    /// Fits the predictor.
    ///
    /// - Parameters:
    ///   - examples: the calibration examples; at least one.
    ///   - names: the features' names.
    ///   - l2: the penalty on weights and biases, which keeps a bin with few or no examples finite.
    ///   - iterations: gradient steps.
    ///   - learningRate: the step size.
    /// - Throws: ``PonderError`` without examples, or when examples disagree on the number of features.
    public static func fit(
        _ examples: [Example], names: [String] = ProbeFeatures.names, l2: Double = 0.01, iterations: Int = 2000,
        learningRate: Double = 0.5
    ) throws -> DifficultyPredictor {
        guard !examples.isEmpty else {
            throw PonderError.invalidParameter("calibration examples", "none", expected: "at least one probe")
        }
        let width = names.count
        guard examples.allSatisfy({ $0.features.count == width }) else {
            throw PonderError.invalidParameter(
                "calibration examples", "features of another length", expected: "\(width) features each")
        }
        let bins = DifficultyBin.allCases
        let count = Double(examples.count)
        var means = [Double](repeating: 0, count: width)
        for example in examples { for f in 0..<width { means[f] += example.features[f] / count } }
        var scales = [Double](repeating: 0, count: width)
        for example in examples {
            for f in 0..<width {
                scales[f] += (example.features[f] - means[f]) * (example.features[f] - means[f]) / count
            }
        }
        scales = scales.map { $0 > 1e-12 ? $0.squareRoot() : 1 }
        let inputs = examples.map { example in (0..<width).map { (example.features[$0] - means[$0]) / scales[$0] } }
        let targets = examples.map { bins.firstIndex(of: $0.bin) ?? 0 }

        var predictor = DifficultyPredictor(
            bins: bins, features: names, means: means, scales: scales,
            weights: Array(repeating: Array(repeating: 0, count: width), count: bins.count),
            biases: Array(repeating: 0, count: bins.count),
            examples: bins.map { bin in examples.count { $0.bin == bin } })
        for _ in 0..<iterations {
            var weightGradient = Array(repeating: Array(repeating: 0.0, count: width), count: bins.count)
            var biasGradient = [Double](repeating: 0, count: bins.count)
            for (input, target) in zip(inputs, targets) {
                let probabilities = predictor.softmax(standardised: input)
                for b in bins.indices {
                    let error = probabilities[b] - (b == target ? 1 : 0)
                    biasGradient[b] += error / count
                    for f in 0..<width { weightGradient[b][f] += error * input[f] / count }
                }
            }
            for b in bins.indices {
                predictor.biases[b] -= learningRate * (biasGradient[b] + l2 * predictor.biases[b])
                for f in 0..<width {
                    predictor.weights[b][f] -= learningRate * (weightGradient[b][f] + l2 * predictor.weights[b][f])
                }
            }
        }
        return predictor
    }

    /// P(bin | features), summing to 1.
    public func probabilities(_ features: [Double]) -> [DifficultyBin: Double] {
        precondition(features.count == means.count, "one value per fitted feature")
        let input = features.indices.map { (features[$0] - means[$0]) / scales[$0] }
        let probabilities = softmax(standardised: input)
        return Dictionary(uniqueKeysWithValues: zip(bins, probabilities))
    }

    /// The most probable bin.
    public func predict(_ features: [Double]) -> DifficultyBin {
        let probabilities = probabilities(features)
        return bins.max { (probabilities[$0] ?? 0) < (probabilities[$1] ?? 0) } ?? .medium
    }

    func softmax(standardised input: [Double]) -> [Double] {
        let logits = bins.indices.map { b in
            biases[b] + zip(weights[b], input).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let top = logits.max() ?? 0
        let exponentials = logits.map { exp($0 - top) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}
