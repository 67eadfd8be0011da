import Crypto
import Foundation

/// SHA-256 digests the store uses as the truth about content: a document's bytes, the
/// lexicons in force, the extractor that made a fragment.
///
/// ```swift
/// let digest = ContentHash.of(try Data(contentsOf: url))   // 32 bytes
/// print(ContentHash.hex(digest))
/// ```
public enum ContentHash {
    public static func of<Bytes: DataProtocol>(_ data: Bytes) -> Data {
        Data(SHA256.hash(data: data))
    }

    public static func hex(_ digest: Data) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Hash of the lexicons a build uses: the raw text of every lexicon loaded (bundled and
    /// `--lexicon` files, in load order) plus every file of the package's resource bundle, so a
    /// resource file another stage reads (figure units, …) also invalidates cached fragments.
    public static func lexicons(_ lexicon: Lexicon) -> String {
        var hasher = SHA256()
        func feed(_ label: String, _ bytes: Data) {
            // Length-prefixed so that moving bytes between two parts changes the hash.
            hasher.update(data: Data("\(label)\u{0}\(bytes.count)\u{0}".utf8))
            hasher.update(data: bytes)
        }
        for text in lexicon.sourceTexts { feed("lexicon", Data(text.utf8)) }
        for (path, bytes) in resourceFiles() { feed("resource:\(path)", bytes) }
        return hex(Data(hasher.finalize()))
    }

    /// Every regular file under the module's resource folder, by relative path (sorted).
    static func resourceFiles() -> [(String, Data)] {
        guard let root = Bundle.module.resourceURL?.standardizedFileURL else { return [] }
        let rootPath = root.path
        var files: [(String, Data)] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let bytes = try? Data(contentsOf: url) else { continue }
            var rel = url.standardizedFileURL.path
            if rel.hasPrefix(rootPath + "/") { rel.removeFirst(rootPath.count + 1) }
            files.append((rel, bytes))
        }
        files.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return files
    }

    /// What a cached fragment depends on besides the document's bytes: the extractor version
    /// and the lexicons. Fragments made under another fingerprint are never reused.
    public static func extractorFingerprint(version: String = DocumentPipeline.version, lexiconHash: String) -> String {
        hex(of(Data("pipeline \(version)\u{0}lexicons \(lexiconHash)".utf8)))
    }
}
