/// One rewrite in the normalisation pipeline: a pure function from text to text.
package protocol NormalisationStep: Sendable {
    func apply(_ text: String) -> String
}
