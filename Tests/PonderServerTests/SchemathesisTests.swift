import Foundation
import PonderTesting
import Testing

@testable import PonderServer

/// Schemathesis generates requests from `/openapi.json`, valid and invalid, and checks every response:
/// no 5xx, statuses, content types, headers and bodies as the document says, invalid input refused.
struct SchemathesisTests {
    @Test func everyResponseConformsToTheOpenAPIDocument() async throws {
        guard let bin = PythonTools.bin else {
            #expect(!PythonTools.isRequired, "schemathesis is missing: run scripts/setup-test-tools.sh")
            return
        }
        let policy = ScriptedPolicy(answers: ["7", "7", "8"])
        let configuration = ServerHarness.configuration(
            apiKey: "sk-schema", limits: ServerLimits(maxBodyBytes: 1 << 16, maxN: 4, maxBudget: 8, maxTokens: 512))
        let output = try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            try await PythonTools.run(
                bin + "/st",
                [
                    "run", "http://127.0.0.1:\(server.port)/openapi.json",
                    "--header", "Authorization: Bearer sk-schema",
                    "--checks",
                    "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection",
                    "--max-examples", "40", "--generation-deterministic", "--request-timeout", "600",
                    "--workers", "1", "--no-color",
                ],
                environment: ["SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"])
        }
        #expect(output.status == 0, "schemathesis found problems:\n\(output.output.suffix(6000))")
        // It reached every operation and found nothing to warn about (e.g. requests it could not make valid).
        #expect(output.output.contains("Tested: 5"), "\(output.output.suffix(3000))")
        #expect(output.output.contains("No issues found"), "\(output.output.suffix(3000))")
    }
}
