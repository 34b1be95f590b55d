import CavraTrust
import Foundation

/// An in-toto Statement v1 with a SLSA provenance v1 predicate: which files a release build produced, from which
/// source commit, by which builder. `make dist` signs one for its tarball, so a download can be traced to the
/// commit it was built from with the same DSSE code that signs gate results.
public struct ProvenanceStatement: Codable, Sendable {
    public static let predicateType = "https://slsa.dev/provenance/v1"
    public static let buildType = "https://cavra-gate.dev/build/make-dist/v1"

    /// A file the build produced, named as it is published.
    public struct Artifact: Sendable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// Where the source came from: a repository URI and the commit the build checked out.
    public struct Source: Sendable {
        public var uri: String
        public var commit: String

        public init(uri: String, commit: String) {
            self.uri = uri
            self.commit = commit
        }
    }

    public struct ResourceDescriptor: Codable, Sendable, Hashable {
        public var uri: String?
        public var name: String?
        public var digest: [String: String]
    }

    public struct BuildDefinition: Codable, Sendable {
        public var buildType: String
        public var externalParameters: [String: String]
        public var resolvedDependencies: [ResourceDescriptor]
    }

    public struct Builder: Codable, Sendable {
        public var id: String
    }

    public struct Metadata: Codable, Sendable {
        public var finishedOn: String
    }

    public struct RunDetails: Codable, Sendable {
        public var builder: Builder
        public var metadata: Metadata
    }

    public struct Predicate: Codable, Sendable {
        public var buildDefinition: BuildDefinition
        public var runDetails: RunDetails
    }

    public var type: String
    public var subject: [ResourceDescriptor]
    public var predicateType: String
    public var predicate: Predicate

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// - Throws: `AttestationError` when there is nothing to attest or the commit is not a full object id.
    public init(artifacts: [Artifact], source: Source, builderID: String, finishedAt: Date) throws(AttestationError) {
        guard !artifacts.isEmpty else {
            throw AttestationError(
                "a provenance statement needs at least one artifact; name the files the build produced")
        }
        guard source.commit.count == 40 || source.commit.count == 64,
            source.commit.allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else {
            throw AttestationError(
                "the source commit \(source.commit) is not a full lowercase object id; pass the output of git rev-parse HEAD"
            )
        }
        let sourceDescriptor = ResourceDescriptor(uri: source.uri, name: nil, digest: ["gitCommit": source.commit])
        type = Statement.type
        subject = artifacts.map {
            ResourceDescriptor(uri: nil, name: $0.name, digest: ["sha256": Digest.sha256Hex($0.bytes)])
        }
        predicateType = Self.predicateType
        predicate = Predicate(
            buildDefinition: BuildDefinition(
                buildType: Self.buildType, externalParameters: ["source": source.uri],
                resolvedDependencies: [sourceDescriptor]),
            runDetails: RunDetails(
                builder: Builder(id: builderID), metadata: Metadata(finishedOn: Statement.timestamp(finishedAt))))
    }

    /// The canonical JSON bytes that are signed.
    public func payload() throws(AttestationError) -> [UInt8] {
        do {
            return Array(try CanonicalJSON(encoding: self).text.utf8)
        } catch {
            throw AttestationError("the provenance statement could not be encoded as canonical JSON: \(error)")
        }
    }
}
