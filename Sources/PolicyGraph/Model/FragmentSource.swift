/// The fragments of a build by position, handed out one at a time: from an array in memory,
/// or read back from where the build put them (`FragmentSpill`), so that the stages after
/// extraction never need every fragment at once.
///
/// The alias definitions and paths of every fragment are small and kept at hand: resolution
/// and the graph read them all before they read any fragment.
///
/// ```swift
/// let source = FragmentSource(fragments)
/// let resolution = Resolver(lexicon: lexicon).resolve(source)
/// let graph = GraphBuilder().build(source, resolution: resolution)
/// ```
public struct FragmentSource: Sendable {
    /// Every fragment's path, by position.
    public let paths: [String]
    /// Every fragment's alias definitions, by position.
    public let aliasDefinitions: [[AliasDefinition]]
    private let load: @Sendable (Int) -> DocumentFragment

    public var count: Int { paths.count }

    /// Fragments held in memory.
    public init(_ fragments: [DocumentFragment]) {
        paths = fragments.map(\.path)
        aliasDefinitions = fragments.map(\.aliasDefinitions)
        load = { fragments[$0] }
    }

    /// Fragments `load` makes on demand; it must give the same fragment for a position every
    /// time (a stage may read one several times), with the path and definitions listed here.
    init(paths: [String], aliasDefinitions: [[AliasDefinition]], load: @escaping @Sendable (Int) -> DocumentFragment) {
        self.paths = paths
        self.aliasDefinitions = aliasDefinitions
        self.load = load
    }

    /// The fragment at `position`.
    public func fragment(_ position: Int) -> DocumentFragment { load(position) }

    /// The same fragments, each changed by `transform` as it is handed out. The transform
    /// must leave the path and the alias definitions alone.
    func mapping(_ transform: @escaping @Sendable (inout DocumentFragment) -> Void) -> FragmentSource {
        let load = self.load
        return FragmentSource(paths: paths, aliasDefinitions: aliasDefinitions) { position in
            var f = load(position)
            transform(&f)
            return f
        }
    }
}
