import Foundation

/// The two-problem dataset the eval command's tests run on: ids `a` and `b`, answers 2 and 3.
enum TinyDataset {
    /// Writes it as `tiny.jsonl` in `folder` and returns the file.
    static func write(in folder: URL) throws -> URL {
        let dataset = folder.appendingPathComponent("tiny.jsonl")
        try Data(
            """
            {"id": "a", "problem": "What is 1+1?", "answer": "2"}
            {"id": "b", "problem": "What is 2+1?", "answer": "3"}

            """.utf8
        ).write(to: dataset)
        return dataset
    }
}
