public import Foundation
public import PonderCore

/// The planner profiles that ship with Ponder (`Sources/PonderEval/Planning/Profiles`, each made by the
/// `ponder calibrate` command in its provenance), so `--strategy auto` works out of the box on the default
/// policy.
public enum ShippedProfiles {
    /// The name `--profile` takes for the paper's fixed rule over the shipped measurements.
    public static let paperRuleName = "paper"

    /// The shipped profile files.
    public static var files: [URL] {
        guard let folder = Bundle.module.url(forResource: "Profiles", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The profile `--profile` names: a file, `paper` (the paper's fixed rule over the shipped profile), or the
    /// shipped profile when `nil`; with the source to show in messages and plans.
    ///
    /// - Throws: ``PonderError`` when the file cannot be read or nothing ships.
    public static func resolve(_ argument: String?) throws -> (profile: PlannerProfile, source: String) {
        if let argument, argument != paperRuleName {
            return (try PlannerProfile.load(path: argument), argument)
        }
        guard let file = files.first else {
            throw PonderError.invalidProfile("built-in", "no profile ships with this build; pass --profile FILE")
        }
        let name = "built-in " + file.deletingPathExtension().lastPathComponent
        let profile = try PlannerProfile.load(path: file.path)
        return argument == paperRuleName ? (profile.paperRule(), name + " (paper rule)") : (profile, name)
    }
}
