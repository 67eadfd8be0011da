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
    /// Every fragment's alias definitions, by position (none in a source made for the graph:
    /// `droppingAliasDefinitions`, `FragmentSpill.settledSource`).
    public var aliasDefinitions: [[AliasDefinition]] { (0..<definitions.count).map(definitions.definitions(of:)) }
    /// The same, each distinct definition once: all that resolving and learning names read.
    var distinctAliasDefinitions: [AliasDefinition] { definitions.distinct }
    private let definitions: AliasDefinitionTable
    private let load: @Sendable (Int) -> DocumentFragment
    private let release: (@Sendable (Int) -> Void)?
    /// The mentions alone, where the source can give them for less than the fragment.
    private let loadMentions: (@Sendable (Int) -> [Mention])?

    public var count: Int { paths.count }

    /// Fragments held in memory.
    public init(_ fragments: [DocumentFragment]) {
        paths = fragments.map(\.path)
        definitions = AliasDefinitionTable(fragments.lazy.map(\.aliasDefinitions))
        load = { fragments[$0] }
        release = nil
        loadMentions = nil
    }

    /// Fragments held in memory until `release` lets each go: for a build whose last stage
    /// reads every fragment once and needs it no more, so memory falls as that stage goes.
    init(releasing fragments: consuming [DocumentFragment]) {
        paths = fragments.map(\.path)
        definitions = AliasDefinitionTable(fragments.lazy.map(\.aliasDefinitions))
        let box = Slots(fragments)
        load = { box.fragment($0) }
        release = { box.release($0) }
        loadMentions = nil
    }

    /// Fragments `load` makes on demand; it must give the same fragment for a position every
    /// time (a stage may read one several times), with the path and definitions listed here.
    /// `mentions`, when given, must give `load(position).mentions`, for less.
    init(paths: [String], aliasDefinitions: [[AliasDefinition]], load: @escaping @Sendable (Int) -> DocumentFragment,
         release: (@Sendable (Int) -> Void)? = nil, mentions: (@Sendable (Int) -> [Mention])? = nil) {
        self.init(paths: paths, definitions: AliasDefinitionTable(aliasDefinitions), load: load, release: release, mentions: mentions)
    }

    /// `init(paths:aliasDefinitions:load:release:mentions:)` with the definitions already in a table.
    init(paths: [String], definitions: AliasDefinitionTable, load: @escaping @Sendable (Int) -> DocumentFragment,
         release: (@Sendable (Int) -> Void)? = nil, mentions: (@Sendable (Int) -> [Mention])? = nil) {
        self.paths = paths
        self.definitions = definitions
        self.load = load
        self.release = release
        self.loadMentions = mentions
    }

    /// The fragment at `position`.
    public func fragment(_ position: Int) -> DocumentFragment { load(position) }

    /// The mentions of the fragment at `position` (`fragment(position).mentions`).
    func mentions(_ position: Int) -> [Mention] { loadMentions?(position) ?? load(position).mentions }

    /// Says the fragment at `position` will not be asked for again (a source that holds it
    /// in memory lets it go).
    func release(_ position: Int) { release?(position) }

    /// The same fragments, each changed by `transform` as it is handed out. The transform
    /// must leave the path and the alias definitions alone.
    func mapping(_ transform: @escaping @Sendable (inout DocumentFragment) -> Void) -> FragmentSource {
        let load = self.load
        return FragmentSource(paths: paths, definitions: definitions, load: { position in
            var f = load(position)
            transform(&f)
            return f
        }, release: release)
    }

    /// The same fragments without their alias definitions (empty here): for the graph, which
    /// reads none, once learning names and resolving (which read them all) are done, so they
    /// are not held through the graph's peak.
    func droppingAliasDefinitions() -> FragmentSource {
        FragmentSource(paths: paths, definitions: AliasDefinitionTable([]), load: load, release: release, mentions: loadMentions)
    }

    /// One slot per fragment, each read and released by one worker at a time. The slots are
    /// raw memory allocated once: workers write distinct slots at the same time, which an
    /// array property would refuse (its exclusive access covers the whole array).
    private final class Slots: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<DocumentFragment?>

        init(_ fragments: consuming [DocumentFragment]) {
            slots = .allocate(capacity: fragments.count)
            _ = slots.initialize(from: fragments.lazy.map { Optional($0) })
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func fragment(_ position: Int) -> DocumentFragment { slots[position]! }

        func release(_ position: Int) { slots[position] = nil }
    }
}
