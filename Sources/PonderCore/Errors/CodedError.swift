/// The shape every Ponder error shares: a code that callers compare, and a message for people.
///
/// Each module has one error type, a specialisation of this struct over its own code enum
/// (``PonderError``, `LlamaError`, `RemoteError`, `EvalError`), with static factories that write the
/// message: a capitalised sentence fragment naming the offending value and the limit. Callers test
/// `error.code == .kvCacheFull`; two errors are equal when their codes and messages are.
public struct CodedError<Code: Hashable & Sendable>: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers to compare.
    public let code: Code
    /// A sentence fragment describing the error, with the offending value.
    public let message: String

    /// Creates an error; modules write their own factories over this.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
