import CavraClassify
import CavraModel
import CavraPolicy

/// The files the pipeline entry files at the new side make part of their pipelines, found by following their
/// references (`PipelineReferences`) from file to file: each is judged as a CI file of its platform wherever
/// it lives.
struct PipelineFiles {
    /// References are followed this many files deep from an entry file (GitLab itself stops nested includes at
    /// 100 levels; real pipelines use a handful).
    static let maximumDepth = 10
    /// Files read at most, entry files included.
    static let maximumFiles = 500
    /// Entry files listed per folder at most.
    static let maximumEntriesPerFolder = 200

    /// The entry files: the names each platform reads its pipeline from.
    static let entryFiles = [".gitlab-ci.yml", ".gitlab-ci.yaml", "azure-pipelines.yml", "azure-pipelines.yaml"]
    static let entryFolders = [".github/workflows", ".azure-pipelines"]

    struct Named {
        let kind: FileKind
        /// Why the file is a CI file, for the reader of a finding.
        let why: String
    }

    private var exact: [String: Named] = [:]
    private var patterns: [(glob: Glob, named: Named)] = []
    /// Parse facts on references left unfollowed past the bounds: what they name cannot be told from other files.
    private(set) var problems: [Fact] = []

    /// The references of each file read, by blob id: the commits of a range mostly share their pipeline files,
    /// so each is read once however many commits are judged.
    typealias ReferenceCache = [String: [PipelineReference]]

    init(reader: any ChangeContentReader, side: NewSide, cache: inout ReferenceCache) throws {
        var pending: [(entry: TreeEntry, kind: FileKind, depth: Int)] = []
        for path in Self.entryFiles {
            if let entry = try reader.entry(at: path, on: side), let kind = FileKind(path: path) {
                pending.append((entry, kind, 0))
            }
        }
        for folder in Self.entryFolders {
            for entry in try reader.files(under: folder, on: side, limit: Self.maximumEntriesPerFolder) {
                if let kind = FileKind(path: entry.path) { pending.append((entry, kind, 0)) }
            }
        }
        var read: Set<String> = []
        var index = 0
        while index < pending.count {
            let (entry, kind, depth) = pending[index]
            index += 1
            guard entry.mode == .regular || entry.mode == .executable, read.insert(entry.path).inserted else {
                continue
            }
            let key = "\(kind.rawValue):\(entry.path):\(entry.id)"
            if cache[key] == nil {
                let file = Change(
                    status: .added, path: GitPath(entry.path), oldMode: .absent, newMode: entry.mode, newBlob: entry.id)
                cache[key] = PipelineReferences.references(
                    kind: kind, path: entry.path, content: try reader.newContent(of: file) ?? [])
            }
            for reference in cache[key] ?? [] {
                let named = Named(
                    kind: reference.kind,
                    why: "'\(entry.path)' line \(reference.line) makes it part of its pipeline")
                guard depth < Self.maximumDepth, read.count + pending.count - index < Self.maximumFiles else {
                    problems.append(
                        .parse(
                            ParseFact(
                                path: entry.path, line: reference.line, column: nil,
                                message: "the pipeline's references go deeper than \(Self.maximumDepth) files or "
                                    + "past \(Self.maximumFiles) files; '\(reference.path)' was not followed, so the "
                                    + "files it names are not judged as CI files")))
                    continue
                }
                if reference.hasWildcard {
                    // GitLab reads a wildcard from the root, as a leading `/` tells the glob.
                    guard let glob = try? Glob("/" + reference.path) else { continue }
                    patterns.append((glob, named))
                    let folder = reference.path.prefix { !"*?[".contains($0) }.split(separator: "/").dropLast()
                    guard !folder.isEmpty else { continue }
                    for match in try reader.files(
                        under: folder.joined(separator: "/"), on: side, limit: Self.maximumEntriesPerFolder)
                    where glob.matches(match.path) {
                        pending.append((match, reference.kind, depth + 1))
                    }
                } else {
                    if exact[reference.path] == nil { exact[reference.path] = named }
                    if let target = try reader.entry(at: reference.path, on: side) {
                        pending.append((target, reference.kind, depth + 1))
                    }
                }
            }
        }
    }

    /// How a pipeline reads the file at this path, when one names it.
    func named(_ path: String) -> Named? {
        exact[path] ?? patterns.first { $0.glob.matches(path) }?.named
    }
}
