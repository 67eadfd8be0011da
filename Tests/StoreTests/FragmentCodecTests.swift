import Foundation
import Testing
@testable import PolicyGraph

@Suite struct FragmentCodecTests {
    /// A fragment with every field of every model type set, so a field the binary layout
    /// forgets shows up as a fallback to JSON.
    static func fullFragment() -> DocumentFragment {
        let blocks = [
            Block(index: 0, kind: .heading, lang: .zh, text: "第一章 总则", firstLine: 1, lastLine: 1),
            Block(index: 1, kind: .paragraph, lang: .mixed, text: "2019年，世界贸易组织（WTO）称贸易额达18.9万亿美元。¹",
                  firstLine: 3, lastLine: 5, footnoteNumber: nil, footnoteRefs: [1, 2]),
            Block(index: 2, kind: .footnote, lang: .en, text: "1 See the WTO report.", firstLine: 9, lastLine: 9, footnoteNumber: 1),
        ]
        let mentions = [
            Mention(type: .year, surface: "2019年", blockIndex: 1, start: 0, end: 5, key: "year:2019", year: 2019, month: 7),
            Mention(type: .organization, surface: "世界贸易组织", blockIndex: 1, start: 6, end: 12,
                    key: "lexicon:organization:world-trade-organization", canonicalName: "World Trade Organization"),
            Mention(type: .figure, surface: "18.9万亿美元", blockIndex: 1, start: 20, end: 28, key: "figure:1.89e13:USD",
                    figure: FigureValue(value: 1.89e13, maxValue: 2e13, unit: "USD", qualifier: "近")),
            Mention(type: .figure, surface: "-3%", blockIndex: 1, start: 30, end: 33, key: "figure:-3:%",
                    figure: FigureValue(value: -3, unit: "%")),
        ]
        return DocumentFragment(path: "sub/报告.txt", format: .markdown, encoding: .gb18030, byteCount: 123_456,
                                blocks: blocks, mentions: mentions,
                                aliasDefinitions: [AliasDefinition(type: .organization, keyA: "organization:wto", keyB: "lexicon:organization:world-trade-organization")],
                                relations: [MentionRelation(kind: .refersToYear, from: 2, to: 0, evidence: "2019年…18.9万亿美元"),
                                            MentionRelation(kind: .partyTo, from: 1, to: 0, evidence: "")])
    }

    @Test func testBinaryLayoutRoundTripsEveryFieldOfTheModel() throws {
        let fragment = Self.fullFragment()
        let blob = try FragmentCodec.encode(fragment)
        #expect(blob.first == FragmentCodec.binaryTag)
        #expect(try FragmentCodec.decode(blob, path: fragment.path) == fragment)
    }

    /// The fields the binary layout writes, per model type, in the order `BinaryWriter` writes
    /// them. A stored field added to one of these types fails this test until the writer, the
    /// reader and this list all have it (and `fullFragment` sets it).
    @Test func testTheLayoutNamesEveryStoredFieldOfTheModel() throws {
        let fragment = Self.fullFragment()
        func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        #expect(fields(fragment) == ["path", "format", "encoding", "byteCount", "blocks", "mentions", "aliasDefinitions",
                                     "relations"])
        #expect(fields(fragment.blocks[0]) == ["index", "kind", "lang", "text", "firstLine", "lastLine", "footnoteNumber",
                                               "footnoteRefs"])
        #expect(fields(fragment.mentions[0]) == ["type", "surface", "blockIndex", "start", "end", "key", "canonicalName",
                                                 "figure", "year", "month"])
        #expect(fields(fragment.mentions[2].figure!) == ["value", "maxValue", "unit", "qualifier"])
        #expect(fields(fragment.aliasDefinitions[0]) == ["type", "keyA", "keyB"])
        #expect(fields(fragment.relations[0]) == ["kind", "from", "to", "evidence"])
    }

    @Test func testDecodingGivesTheFragmentTheNewPath() throws {
        let blob = try FragmentCodec.encode(Self.fullFragment())
        #expect(try FragmentCodec.decode(blob, path: "renamed.txt").path == "renamed.txt")
    }

    @Test func testJSONBlobsStillDecode() throws {
        let fragment = Self.fullFragment()
        let json = try JSONEncoder().encode(fragment)
        #expect(try FragmentCodec.decode(json, path: fragment.path) == fragment)
    }

    @Test func testDamagedBlobsThrowInsteadOfGivingAWrongFragment() throws {
        let blob = try FragmentCodec.encode(Self.fullFragment())
        for cut in [1, 5, blob.count / 2, blob.count - 1] {
            #expect(throws: (any Error).self) { try FragmentCodec.decode(blob.prefix(cut), path: "x") }
        }
        #expect(throws: (any Error).self) { try FragmentCodec.decode(blob + Data([0]), path: "x") }
        #expect(throws: (any Error).self) { try FragmentCodec.decode(Data([0x7F, 1, 2]), path: "x") }
    }

    @Test func testMentionsDecodedAloneAreTheFragmentsMentions() throws {
        let fragment = Self.fullFragment()
        let blob = try FragmentCodec.encode(fragment)
        #expect(try FragmentCodec.decodeMentions(blob) == fragment.mentions)
        #expect(try FragmentCodec.decodeMentions(try JSONEncoder().encode(fragment)) == fragment.mentions)
        // Blocks with and without footnote fields are stepped over alike; an empty fragment has none.
        let empty = DocumentFragment(path: "e.txt", format: .plainText, encoding: .utf8, byteCount: 0, blocks: [])
        #expect(try FragmentCodec.decodeMentions(try FragmentCodec.encode(empty)).isEmpty)
        // A blob cut anywhere before its mentions end is damaged, not a shorter list.
        // Without definitions and relations the blob ends at the mentions' end, then two empty counts.
        var withoutTail = fragment
        withoutTail.aliasDefinitions = []
        withoutTail.relations = []
        let mentionsEnd = try FragmentCodec.encode(withoutTail).count - 2
        #expect(try FragmentCodec.decodeMentions(blob.prefix(mentionsEnd)) == fragment.mentions)
        for cut in [1, 5, blob.count / 3, mentionsEnd - 1] {
            #expect(throws: (any Error).self) { try FragmentCodec.decodeMentions(blob.prefix(cut)) }
        }
    }

    @Test func testAMentionListRoundTripsAndADamagedOneThrows() throws {
        let mentions = Self.fullFragment().mentions
        let blob = FragmentCodec.encode(mentions: mentions)
        #expect(try FragmentCodec.decodeMentionList(blob) == mentions)
        #expect(try FragmentCodec.decodeMentionList(FragmentCodec.encode(mentions: [])).isEmpty)
        for cut in [0, 1, blob.count / 2, blob.count - 1] {
            #expect(throws: (any Error).self) { try FragmentCodec.decodeMentionList(blob.prefix(cut)) }
        }
        #expect(throws: (any Error).self) { try FragmentCodec.decodeMentionList(blob + Data([0])) }
    }

    @Test func testDoublesRoundTripBitForBit() throws {
        // NaN is not equal to itself, so this compares bit patterns: a value the recognisers
        // never make still comes back exactly as it went in.
        var fragment = Self.fullFragment()
        fragment.mentions[2].figure?.value = .nan
        fragment.mentions[2].figure?.maxValue = -0.0
        let back = try FragmentCodec.decode(try FragmentCodec.encode(fragment), path: fragment.path)
        #expect(back.mentions[2].figure?.value.bitPattern == Double.nan.bitPattern)
        #expect(back.mentions[2].figure?.maxValue?.bitPattern == (-0.0 as Double).bitPattern)
    }
}
