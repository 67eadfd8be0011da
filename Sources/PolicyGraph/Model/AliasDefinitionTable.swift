/// Every fragment's alias definitions, by position, with each distinct definition kept once:
/// the documents of an archive define the same names again and again (`World Trade
/// Organization (WTO)` in most of them), and resolving needs only the distinct ones.
///
/// ```swift
/// let table = AliasDefinitionTable(fragments.map(\.aliasDefinitions))
/// table.distinct              // each definition once, in the order first met
/// table.definitions(of: 3)    // fragment 3's, as it listed them
/// ```
///
/// Why: held as one array per document with two key strings apiece, the definitions of a
/// 1 GB folder took 165 MB from the end of reading the documents to the end of resolving.
struct AliasDefinitionTable: Sendable {
    /// Each distinct definition once, in the order first met (position by position).
    let distinct: [AliasDefinition]
    /// Each position's definitions as indices into `distinct`, one list after another:
    /// position `p`'s are `listed[ends[p - 1]..<ends[p]]` (from 0 for the first).
    private let listed: [Int32]
    private let ends: [Int]

    init<Lists: Sequence<[AliasDefinition]>>(_ lists: Lists) {
        var distinct: [AliasDefinition] = []
        var number: [AliasDefinition: Int32] = [:]
        var listed: [Int32] = []
        var ends: [Int] = []
        for list in lists {
            for definition in list {
                if let k = number[definition] {
                    listed.append(k)
                } else {
                    precondition(distinct.count < Int32.max, "more distinct alias definitions than a table can number")
                    let k = Int32(distinct.count)
                    number[definition] = k
                    distinct.append(definition)
                    listed.append(k)
                }
            }
            ends.append(listed.count)
        }
        self.distinct = distinct
        self.listed = listed
        self.ends = ends
    }

    /// How many positions the table lists.
    var count: Int { ends.count }

    /// The definitions of position `p`, in the order its fragment listed them.
    func definitions(of p: Int) -> [AliasDefinition] {
        listed[(p == 0 ? 0 : ends[p - 1])..<ends[p]].map { distinct[Int($0)] }
    }
}
