import Testing

@testable import PonderServer

struct AdmissionControlTests {
    @Test func aFullQueueIsRefusedWithRetryAfter() async throws {
        let admission = AdmissionControl(maxRunning: 1, maxWaiting: 0)
        try await admission.withSlot(retryAfter: 3) {
            #expect(admission.isFull)
            await #expect(throws: ServerError.self) {
                try await admission.withSlot(retryAfter: 3) {}
            }
        }
        #expect(admission.running == 0)
    }
}
