import CavraCompliance
import Testing

@Suite("The evidence manifest")
struct EvidenceManifestTests {
    @Test("lists each file by name with its SHA-256 and size, in name order")
    func entries() {
        let manifest = EvidenceManifest(files: [(name: "b.md", bytes: Array("abc".utf8)), (name: "a.json", bytes: [])])
        #expect(manifest.schema == "cavra.evidence.v1")
        #expect(manifest.files.map(\.name) == ["a.json", "b.md"])
        #expect(manifest.files[0].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(manifest.files[1].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(manifest.files.map(\.size) == [0, 3])
    }
}
