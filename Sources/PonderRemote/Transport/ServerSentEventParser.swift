/// Splits a server-sent event stream into the `data` payloads of its events, across arbitrary chunk
/// boundaries. Comment lines and fields other than `data` are skipped; an event's `data` lines are joined
/// with newlines, as the specification says.
struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    /// Feeds a chunk of the stream; returns the events it completed.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        var events: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream; returns a last event that lacked its blank line.
    mutating func finish() -> [[UInt8]] {
        var events: [[UInt8]] = []
        if !line.isEmpty, let event = endLine() { events.append(event) }
        if hasData { events.append(data) }
        data.removeAll()
        hasData = false
        return events
    }

    private mutating func endLine() -> [UInt8]? {
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else { return nil }
            defer {
                data.removeAll(keepingCapacity: true)
                hasData = false
            }
            return data
        }
        guard line.starts(with: Array("data:".utf8)) else { return nil }
        var payload = line.dropFirst(5)
        if payload.first == UInt8(ascii: " ") { payload = payload.dropFirst() }
        if hasData { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: payload)
        hasData = true
        return nil
    }
}
