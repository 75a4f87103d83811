/// A failure at run time (not a usage error): ArgumentParser prints it as `Error: …` and exits 1, without the
/// usage hint and exit code 64 that belong to bad arguments.
struct CommandFailure: Error, CustomStringConvertible {
    /// The sentence printed.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
