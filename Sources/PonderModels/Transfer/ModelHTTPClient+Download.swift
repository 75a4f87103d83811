import AsyncHTTPClient
import Crypto
public import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension ModelHTTPClient {
    /// What one download is expected to produce.
    public struct Expectation: Sendable, Hashable {
        /// The file's size in bytes, when known.
        public var bytes: Int64?
        /// The file's SHA-256 in lowercase hex, when known.
        public var sha256: String?

        /// Creates an expectation.
        public init(bytes: Int64? = nil, sha256: String? = nil) {
            self.bytes = bytes
            self.sha256 = sha256?.lowercased()
        }
    }

    /// Downloads `url` into `part`, resuming from the bytes already there (a `Range` request) and again after
    /// every cut connection, then checks the size and SHA-256 and renames the part file to `destination`.
    ///
    /// A part file whose content turns out wrong is deleted, so a mismatch leaves nothing behind; a cut
    /// connection keeps the part file for the next attempt (or the next run).
    ///
    /// - Parameters:
    ///   - label: what progress reports call the file.
    ///   - position: the file's place among the pull's files and their count, for progress.
    /// - Throws: ``ModelsError`` for error statuses, a mismatching file, or a connection that failed
    ///   ``TransferConfiguration/maxAttempts`` times in a row; `CancellationError` when cancelled (the part file
    ///   stays).
    public func download(
        _ url: URL, to destination: URL, part: URL, expecting expectation: Expectation, token: BearerToken?,
        label: String, position: (file: Int, files: Int) = (1, 1), progress: ProgressReporter? = nil
    ) async throws {
        var failures = 0
        var lastReason = ""
        while true {
            try Task.checkCancellation()
            let before = Self.size(of: part)
            do {
                try await attempt(
                    url, part: part, expectation: expectation, token: token, label: label, position: position,
                    progress: progress)
                break
            } catch let error as RetryableFailure {
                lastReason = token.redact(error.reason)
                failures = Self.size(of: part) > before ? 1 : failures + 1
                logger.info(
                    "Download interrupted",
                    metadata: ["url": "\(url)", "bytes": "\(Self.size(of: part))", "reason": "\(lastReason)"])
                guard failures < configuration.maxAttempts else {
                    throw ModelsError.transfer(url: url.absoluteString, attempts: failures, reason: lastReason)
                }
                try await Task.sleep(for: configuration.backoff(beforeRetry: failures))
            }
        }
        try verify(part, expectation: expectation, name: destination.lastPathComponent)
        do {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: part, to: destination)
        } catch {
            throw ModelsError.fileSystem("move the download to", path: destination.path, error: error)
        }
    }

    /// Checks a complete part file's size and digest; deletes it when either is wrong.
    func verify(_ part: URL, expectation: Expectation, name: String) throws {
        let size = Self.size(of: part)
        if let bytes = expectation.bytes, size != bytes {
            try? FileManager.default.removeItem(at: part)
            throw ModelsError.sizeMismatch(file: name, actual: size, expected: bytes)
        }
        if let expected = expectation.sha256 {
            let actual = try FileDigest.sha256(of: part.path)
            guard actual == expected else {
                try? FileManager.default.removeItem(at: part)
                throw ModelsError.checksumMismatch(file: name, actual: actual, expected: expected)
            }
        }
    }

    /// A failure worth another attempt: a cut connection, a timeout, a 5xx status.
    struct RetryableFailure: Error {
        var reason: String
    }

    /// One request: appends to the part file from its current size, or starts it over.
    private func attempt(
        _ url: URL, part: URL, expectation: Expectation, token: BearerToken?, label: String,
        position: (file: Int, files: Int), progress: ProgressReporter?
    ) async throws {
        var have = Self.size(of: part)
        if let bytes = expectation.bytes, have > bytes {
            try? FileManager.default.removeItem(at: part)
            have = 0
        }
        if let bytes = expectation.bytes, have == bytes, bytes > 0 {
            report(progress, label, position, have, expectation.bytes, resumedFrom: have, finished: true)
            return
        }
        let headers = have > 0 ? [("Range", "bytes=\(have)-")] : []
        let head: Head
        let response: HTTPClientResponse
        do {
            (head, response) = try await send(.GET, url, headers: headers, token: token)
        } catch let error as ModelsError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RetryableFailure(reason: "\(error)")
        }
        var offset: Int64
        switch head.status {
        case 206:
            offset = Self.rangeStart(head.headers) ?? -1
            guard offset == have else {
                try await Self.discard(response)
                try? FileManager.default.removeItem(at: part)
                throw RetryableFailure(reason: "server resumed at byte \(offset), not \(have)")
            }
        case 200:
            offset = 0
        case 416:
            try await Self.discard(response)
            if expectation.bytes == nil || expectation.bytes == have { return }
            try? FileManager.default.removeItem(at: part)
            throw RetryableFailure(reason: "server refused the range from byte \(have)")
        case 500..<600:
            try await Self.discard(response)
            throw RetryableFailure(reason: "server answered \(head.status)")
        default:
            let body = (try? await response.body.collect(upTo: 4096)).map { Data($0.readableBytesView) } ?? Data()
            throw ModelsError.httpStatus(
                head.status, url: url.absoluteString, detail: token.redact(Self.excerpt(body)))
        }
        let total = expectation.bytes ?? Self.totalSize(head.headers, offset: offset)
        let handle = try Self.open(part, truncatingTo: offset)
        defer { try? handle.close() }
        var received = offset
        var reported = offset
        report(progress, label, position, received, total, resumedFrom: offset, finished: false)
        var body = response.body.makeAsyncIterator()
        while true {
            let next: ByteBuffer?
            do {
                next = try await body.next()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw RetryableFailure(reason: "connection cut after \(received) bytes: \(error)")
            }
            guard let buffer = next else { break }
            do {
                try buffer.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            } catch {
                throw ModelsError.fileSystem("write", path: part.path, error: error)
            }
            received += Int64(buffer.readableBytes)
            if received - reported >= configuration.progressStride {
                reported = received
                report(progress, label, position, received, total, resumedFrom: offset, finished: false)
            }
        }
        if let total, received < total {
            throw RetryableFailure(reason: "connection closed after \(received) of \(total) bytes")
        }
        report(progress, label, position, received, total ?? received, resumedFrom: offset, finished: true)
    }

    private func report(
        _ progress: ProgressReporter?, _ label: String, _ position: (file: Int, files: Int), _ received: Int64,
        _ total: Int64?, resumedFrom: Int64, finished: Bool
    ) {
        progress?(
            DownloadProgress(
                label: label, file: position.file, files: position.files, receivedBytes: received,
                totalBytes: total, resumedFrom: resumedFrom, isFinished: finished))
    }

    /// The part file opened for writing at `offset` (created when absent, cut to `offset`).
    private static func open(_ part: URL, truncatingTo offset: Int64) throws -> FileHandle {
        do {
            if !FileManager.default.fileExists(atPath: part.path) {
                try FileManager.default.createDirectory(
                    at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: part.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: part)
            try handle.truncate(atOffset: UInt64(offset))
            try handle.seek(toOffset: UInt64(offset))
            return handle
        } catch {
            throw ModelsError.fileSystem("write", path: part.path, error: error)
        }
    }

    /// The size of a file, 0 when absent.
    static func size(of url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The first byte of a `Content-Range: bytes START-END/TOTAL` reply.
    static func rangeStart(_ headers: HTTPHeaders) -> Int64? {
        guard let value = headers.first(name: "Content-Range"), value.hasPrefix("bytes ") else { return nil }
        return value.dropFirst(6).split(separator: "-").first.flatMap { Int64($0) }
    }

    /// The whole file's size from `Content-Range`'s total or `Content-Length` plus the offset.
    static func totalSize(_ headers: HTTPHeaders, offset: Int64) -> Int64? {
        if let value = headers.first(name: "Content-Range"), let slash = value.lastIndex(of: "/"),
            let total = Int64(value[value.index(after: slash)...])
        {
            return total
        }
        return headers.first(name: "Content-Length").flatMap { Int64($0) }.map { $0 + offset }
    }
}
