import Crypto
import Foundation

/// SHA-256 of files and of streamed bytes, by swift-crypto.
package enum FileDigest {
    /// The lowercase hex SHA-256 of the file at `path`, read in 8 MiB pieces.
    ///
    /// - Throws: ``ModelsError`` when the file cannot be read.
    package static func sha256(of path: String) throws -> String {
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var hasher = SHA256()
            while let data = try handle.read(upToCount: 8 << 20), !data.isEmpty {
                hasher.update(data: data)
            }
            return hex(hasher.finalize())
        } catch {
            throw ModelsError.fileSystem("read", path: path, error: error)
        }
    }

    /// Lowercase hex of a digest.
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// Whether `text` reads as a SHA-256 in hex.
    package static func isSHA256(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy(\.isHexDigit)
    }
}
