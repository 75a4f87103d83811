import CoreMetrics
import Foundation
import Prometheus

/// The server's Prometheus metrics, named after vLLM's where they mean the same (`ponder:` for `vllm:`),
/// in a registry of its own (no global state: two servers in one process count apart).
package final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let model: String
    private let running: CoreMetrics.Gauge
    private let waiting: CoreMetrics.Gauge
    private let latency: CoreMetrics.Timer
    private let firstChunk: CoreMetrics.Timer

    package init(model: String) {
        var factory = PrometheusMetricsFactory(registry: registry)
        let buckets: [Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640].map {
            .milliseconds(Int64($0 * 1000))
        }
        factory.defaultDurationHistogramBuckets = buckets
        self.factory = factory
        self.model = model
        running = CoreMetrics.Gauge(
            label: "ponder:num_requests_running", dimensions: [("model_name", model)], factory: factory)
        waiting = CoreMetrics.Gauge(
            label: "ponder:num_requests_waiting", dimensions: [("model_name", model)], factory: factory)
        latency = CoreMetrics.Timer(
            label: "ponder:e2e_request_latency_seconds", dimensions: [("model_name", model)], factory: factory)
        firstChunk = CoreMetrics.Timer(
            label: "ponder:time_to_first_token_seconds", dimensions: [("model_name", model)], factory: factory)
        running.record(0)
        waiting.record(0)
    }

    /// Sets the gauges of running and waiting requests.
    package func occupancy(running: Int, waiting: Int) {
        self.running.record(running)
        self.waiting.record(waiting)
    }

    /// Records a finished request.
    package func finished(
        strategy: String, outcome: String, seconds: Double, promptTokens: Int, generatedTokens: Int,
        verifierTokens: Int
    ) {
        let labels = [("model_name", model), ("strategy", strategy)]
        latency.recordNanoseconds(Int64(seconds * 1e9))
        CoreMetrics.Counter(
            label: "ponder:request_success_total", dimensions: labels + [("finished_reason", outcome)], factory: factory
        )
        .increment()
        CoreMetrics.Counter(label: "ponder:prompt_tokens_total", dimensions: labels, factory: factory)
            .increment(by: promptTokens)
        CoreMetrics.Counter(label: "ponder:generation_tokens_total", dimensions: labels, factory: factory)
            .increment(by: generatedTokens)
        CoreMetrics.Counter(label: "ponder:verifier_tokens_total", dimensions: labels, factory: factory)
            .increment(by: verifierTokens)
    }

    /// Records a request that ended in an error status.
    package func failed(status: Int) {
        Counter(
            label: "ponder:request_failure_total", dimensions: [("model_name", model), ("status", "\(status)")],
            factory: factory
        ).increment()
    }

    /// Records the time to a stream's first progress chunk.
    package func firstChunk(seconds: Double) {
        firstChunk.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// The exposition text.
    package func text() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
