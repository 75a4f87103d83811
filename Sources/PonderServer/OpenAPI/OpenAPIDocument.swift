import PonderCore

/// The hand-written OpenAPI 3.1 document of Ponder's surface, served at `/openapi.json` (OpenAI's own spec
/// has no streaming responses and far more than Ponder offers). Limits come from the server's configuration,
/// so the document states what this server accepts.
enum OpenAPIDocument {
    static func json(limits: ServerLimits, model: String) -> String {
        // The served model and its aliases MODEL@STRATEGY[-N], as a JSON-escaped regular expression.
        let escaped = model.map { "\\^$.|?*+()[]{}".contains($0) ? "\\\\\($0)" : "\($0)" }.joined()
        let strategies = ScalingStrategy.allNames
        let modelPattern = "^\(escaped)(@(\(strategies.joined(separator: "|")))(-[1-9][0-9]{0,3})?)?$"
        let strategyEnum = strategies.map { "\"\($0)\"" }.joined(separator: ", ")
        let errors = ["400", "401", "404", "413", "429", "503"].map { status in
            ##""\##(status)": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}"##
        }.joined(separator: ", ")
        func completion(_ summary: String, request: String, response: String) -> String {
            ##"""
            {"summary": "\##(summary)", "operationId": "\##(request)",
             "security": [{"bearer": []}, {}],
             "parameters": [
               {"name": "X-Ponder-Strategy", "in": "header", "required": false, "schema": {"$ref": "#/components/schemas/Strategy"}},
               {"name": "X-Ponder-Budget", "in": "header", "required": false, "schema": {"type": "string", "pattern": "^[0-9]{1,9}$"}},
               {"name": "X-Ponder-Deadline", "in": "header", "required": false, "schema": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?s?$"}}
             ],
             "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/\##(request)"}}}},
             "responses": {
               "200": {"description": "The answer (JSON), or a stream of server-sent events when 'stream' is true",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/\##(response)"}},
                                   "text/event-stream": {"schema": {"type": "string"}}}},
               \##(errors)
             }}
            """##
        }
        let common = ##"""
            "model": {"type": "string", "pattern": "\##(modelPattern)", "description": "'\##(model)' or an alias '\##(model)@STRATEGY-N'"},
            "max_tokens": {"type": ["integer", "null"], "minimum": 1, "maximum": \##(limits.maxTokens)},
            "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2},
            "top_p": {"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1},
            "seed": {"type": ["integer", "null"], "minimum": -999999999999999, "maximum": 999999999999999},
            "stop": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "maxItems": 4, "items": {"type": "string", "minLength": 1}}, {"type": "null"}]},
            "n": {"type": ["integer", "null"], "minimum": 1, "maximum": \##(limits.maxN)},
            "stream": {"type": ["boolean", "null"]},
            "user": {"type": ["string", "null"]},
            "ponder": {"$ref": "#/components/schemas/Ponder"}
            """##
        return ##"""
            {
              "openapi": "3.1.0",
              "info": {"title": "Ponder", "version": "0.3.0",
                       "description": "OpenAI-compatible completions with test-time scaling: each request runs a search (majority vote, Best-of-N, beam search, DVTS) on a small model and answers with the selected solution."},
              "servers": [{"url": "/"}],
              "paths": {
                "/v1/chat/completions": {"post": \##(completion("Chat completion with test-time scaling", request: "ChatCompletionRequest", response: "ChatCompletion"))},
                "/v1/completions": {"post": \##(completion("Text completion with test-time scaling (the prompt is the problem)", request: "CompletionRequest", response: "TextCompletion"))},
                "/v1/models": {"get": {"summary": "The served model and its aliases", "operationId": "listModels", "security": [{"bearer": []}, {}],
                  "responses": {"200": {"description": "Models", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelList"}}}},
                                "401": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
                "/health": {"get": {"summary": "Liveness", "operationId": "health",
                  "responses": {"200": {"description": "Up", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}}}}},
                "/metrics": {"get": {"summary": "Prometheus metrics", "operationId": "metrics",
                  "responses": {"200": {"description": "Prometheus text", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
                "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                  "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
              },
              "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "schemas": {
                  "Strategy": {"type": "string", "enum": [\##(strategyEnum)]},
                  "Ponder": {"type": ["object", "null"], "additionalProperties": false, "description": "Test-time scaling of this request; overrides X-Ponder-* headers and the model alias",
                    "properties": {
                      "strategy": {"oneOf": [{"$ref": "#/components/schemas/Strategy"}, {"type": "null"}]},
                      "budget": {"type": ["integer", "null"], "minimum": 1, "maximum": \##(limits.maxBudget)},
                      "beam_width": {"type": ["integer", "null"], "minimum": 1, "maximum": \##(limits.maxBudget)},
                      "lookahead": {"type": ["integer", "null"], "minimum": 0, "maximum": 16},
                      "selection": {"type": ["string", "null"], "description": "majority, prm-last-vote, prm-last-max, prm-min-vote, prm-avg-max, prm-prod-vote, …"},
                      "verifier": {"type": ["string", "null"]},
                      "deadline": {"oneOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 86400}, {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?s?$"}, {"type": "null"}]}
                    }},
                  "TextPart": {"type": "object", "required": ["type", "text"], "properties": {"type": {"const": "text"}, "text": {"type": "string"}}},
                  "Message": {"type": "object", "required": ["role", "content"],
                    "properties": {"role": {"type": "string", "enum": ["system", "developer", "user", "assistant"]},
                                   "content": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/TextPart"}}]},
                                   "name": {"type": "string"}}},
                  "ChatCompletionRequest": {"type": "object", "additionalProperties": false, "required": ["model", "messages"],
                    "examples": [{"model": "\##(model)", "messages": [{"role": "user", "content": "What is 3 + 4?"}], "ponder": {"strategy": "majority", "budget": 4}}],
                    "properties": {
                      \##(common),
                      "messages": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Message"}, "description": "The last message is the user's problem"},
                      "max_completion_tokens": {"type": ["integer", "null"], "minimum": 1, "maximum": \##(limits.maxTokens)},
                      "stream_options": {"type": ["object", "null"], "additionalProperties": false, "properties": {"include_usage": {"type": ["boolean", "null"]}, "include_obfuscation": {"type": ["boolean", "null"]}}},
                      "metadata": {"type": ["object", "null"]}, "store": {"type": ["boolean", "null"]},
                      "service_tier": {"type": ["string", "null"]}, "parallel_tool_calls": {"type": ["boolean", "null"]},
                      "tools": {"type": ["array", "null"], "maxItems": 0}, "tool_choice": {"type": ["string", "null"], "enum": ["none", "auto", null]},
                      "logprobs": {"type": ["boolean", "null"], "const": false}, "top_logprobs": {"type": ["integer", "null"], "const": 0},
                      "frequency_penalty": {"type": ["number", "null"], "const": 0}, "presence_penalty": {"type": ["number", "null"], "const": 0},
                      "logit_bias": {"type": ["object", "null"], "maxProperties": 0},
                      "response_format": {"type": ["object", "null"], "properties": {"type": {"const": "text"}}, "required": ["type"]},
                      "modalities": {"type": ["array", "null"], "items": {"const": "text"}, "minItems": 1, "maxItems": 1}
                    }},
                  "CompletionRequest": {"type": "object", "additionalProperties": false, "required": ["model", "prompt"],
                    "examples": [{"model": "\##(model)@best-of-n-4", "prompt": "What is 3 + 4?"}],
                    "properties": {
                      \##(common),
                      "prompt": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "string", "minLength": 1}}]},
                      "stream_options": {"type": ["object", "null"], "additionalProperties": false, "properties": {"include_usage": {"type": ["boolean", "null"]}, "include_obfuscation": {"type": ["boolean", "null"]}}},
                      "metadata": {"type": ["object", "null"]}, "store": {"type": ["boolean", "null"]},
                      "service_tier": {"type": ["string", "null"]}, "parallel_tool_calls": {"type": ["boolean", "null"]},
                      "echo": {"type": ["boolean", "null"], "const": false}, "best_of": {"type": ["integer", "null"], "const": 1},
                      "logprobs": {"type": ["integer", "null"], "const": 0}, "top_logprobs": {"type": ["integer", "null"], "const": 0},
                      "frequency_penalty": {"type": ["number", "null"], "const": 0}, "presence_penalty": {"type": ["number", "null"], "const": 0},
                      "logit_bias": {"type": ["object", "null"], "maxProperties": 0}
                    }},
                  "Usage": {"type": "object", "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
                    "properties": {"prompt_tokens": {"type": "integer"}, "completion_tokens": {"type": "integer"}, "total_tokens": {"type": "integer"},
                      "prompt_tokens_details": {"type": "object", "properties": {"cached_tokens": {"type": "integer"}}},
                      "completion_tokens_details": {"type": "object", "properties": {"reasoning_tokens": {"type": "integer", "description": "Every generated token but the returned answers'"}}}}},
                  "PonderReport": {"type": "object", "required": ["strategy", "budget", "stop_reason", "votes", "policy"],
                    "properties": {"strategy": {"type": "string"}, "budget": {"type": "integer"}, "stop_reason": {"type": "string", "enum": ["completed", "settled", "dispersed", "budget", "deadline", "cancelled"]},
                      "answer": {"type": "string"}, "votes": {"type": "array", "items": {"type": "object"}}, "policy": {"type": "object"}, "verifier_spend": {"type": "object"},
                      "plan": {"type": "object", "description": "strategy auto: the predicted difficulty bin's probabilities, the configuration chosen and what was spent"}}},
                  "ChatCompletion": {"type": "object", "required": ["id", "object", "created", "model", "choices", "usage"],
                    "properties": {"id": {"type": "string"}, "object": {"const": "chat.completion"}, "created": {"type": "integer"}, "model": {"type": "string"},
                      "choices": {"type": "array", "items": {"type": "object", "required": ["index", "message", "finish_reason"],
                        "properties": {"index": {"type": "integer"}, "finish_reason": {"type": "string", "enum": ["stop", "length"]},
                          "message": {"type": "object", "required": ["role", "content"], "properties": {"role": {"const": "assistant"}, "content": {"type": "string"}}}}}},
                      "usage": {"$ref": "#/components/schemas/Usage"}, "ponder": {"$ref": "#/components/schemas/PonderReport"}}},
                  "TextCompletion": {"type": "object", "required": ["id", "object", "created", "model", "choices", "usage"],
                    "properties": {"id": {"type": "string"}, "object": {"const": "text_completion"}, "created": {"type": "integer"}, "model": {"type": "string"},
                      "choices": {"type": "array", "items": {"type": "object", "required": ["index", "text"],
                        "properties": {"index": {"type": "integer"}, "text": {"type": "string"}, "finish_reason": {"type": "string", "enum": ["stop", "length"]}}}},
                      "usage": {"$ref": "#/components/schemas/Usage"}, "ponder": {"$ref": "#/components/schemas/PonderReport"}}},
                  "ModelList": {"type": "object", "required": ["object", "data"],
                    "properties": {"object": {"const": "list"}, "data": {"type": "array", "items": {"type": "object", "required": ["id", "object", "created", "owned_by"],
                      "properties": {"id": {"type": "string"}, "object": {"const": "model"}, "created": {"type": "integer"}, "owned_by": {"type": "string"}}}}}},
                  "Error": {"type": "object", "required": ["error"],
                    "properties": {"error": {"type": "object", "required": ["message", "type", "param", "code"],
                      "properties": {"message": {"type": "string"}, "type": {"type": "string"}, "param": {"type": ["string", "null"]}, "code": {"type": ["string", "null"]}}}}}
                }
              }
            }
            """##
    }
}
