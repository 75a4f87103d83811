import PonderCore

/// Which problems of a dataset to run: by id list, without excluded ids, by a stratified sample, and the first K,
/// in that order.
///
/// `--ids math500-s100.json --limit 30` runs the first 30 ids of the list, in the list's order;
/// `--exclude-ids math500-s100.json --limit 30` the first 30 problems of the file that are not in the list (a
/// held-out set for a profile calibrated on the list).
public struct DatasetSelection: Sendable, Hashable {
    /// Only these problems, in this order (`--ids`).
    public var ids: [String]?
    /// Never these problems (`--exclude-ids`); ids the dataset lacks are ignored.
    public var excluded: [String]?
    /// A stratified sample of this many problems (`--sample`).
    public var sample: Int?
    /// The seed of the sample (`--seed`).
    public var seed: UInt64
    /// At most this many problems, the first ones (`--limit`).
    public var limit: Int?

    /// Creates a selection; the default keeps every problem.
    public init(
        ids: [String]? = nil, excluded: [String]? = nil, sample: Int? = nil, seed: UInt64 = 0, limit: Int? = nil
    ) {
        self.ids = ids
        self.excluded = excluded
        self.sample = sample
        self.seed = seed
        self.limit = limit
    }

    /// Checks the values once, before any work.
    ///
    /// - Throws: ``EvalError`` when a count is below 1 or the id list is empty.
    public func validated() throws -> DatasetSelection {
        if let sample, sample < 1 { throw EvalError.invalidParameter("sample", "\(sample)", expected: "at least 1") }
        if let limit, limit < 1 { throw EvalError.invalidParameter("limit", "\(limit)", expected: "at least 1") }
        if let ids, ids.isEmpty { throw EvalError.invalidParameter("ids", "", expected: "at least one id") }
        return self
    }

    /// The selected problems of `dataset` (its name and skipped lines are kept).
    ///
    /// - Throws: ``EvalError`` when an id is not in the dataset, or nothing is left.
    public func apply(to dataset: Dataset) throws -> Dataset {
        var problems = dataset.problems
        if let ids {
            let byID = Dictionary(problems.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let missing = ids.filter { byID[$0] == nil }
            guard missing.isEmpty else { throw EvalError.unknownProblemIDs(missing, dataset: dataset.name) }
            problems = ids.compactMap { byID[$0] }
        }
        if let excluded {
            let left = Set(excluded)
            problems.removeAll { left.contains($0.id) }
        }
        if let sample { problems = StratifiedSample(count: sample, seed: seed).draw(from: problems) }
        if let limit { problems = Array(problems.prefix(limit)) }
        guard !problems.isEmpty else { throw EvalError.emptyDataset(dataset.name) }
        return Dataset(name: dataset.name, problems: problems, skipped: dataset.skipped)
    }
}
