import Foundation

/// Turns a `DocumentFragment` into the bytes the state database stores and back. Goes
/// through `Codable`, so fields other stages add to the model types are stored without
/// changes here; a decoding failure (a blob from an older layout) just means re-extraction.
///
/// ```swift
/// let blob = try FragmentCodec.encode(fragment)
/// let back = try FragmentCodec.decode(blob, path: "notes/a.txt")
/// ```
public enum FragmentCodec {
    public static func encode(_ fragment: DocumentFragment) throws -> Data {
        try JSONEncoder().encode(fragment)
    }

    /// Decodes a stored fragment and gives it `path`: the blob of a renamed document is
    /// reused under its new name.
    public static func decode(_ blob: Data, path: String) throws -> DocumentFragment {
        var fragment = try JSONDecoder().decode(DocumentFragment.self, from: blob)
        fragment.path = path
        return fragment
    }
}
