import Testing
@testable import PolicyGraph

/// Word tests the English name scanner runs on every word of a run, written without building
/// strings, must answer exactly as the string operations they replace.
@Suite struct EnglishWordShapeTests {
    @Test func testIsTheAcceptsExactlyTheWordsThatLowerCaseToThe() {
        let words = ["the", "The", "THE", "tHe", "thE", "th", "thee", "them", "", "and", "t he", "the.",
                     "ｔｈｅ", "Ｔｈｅ", "thé", "\u{212A}", "İthe", "þe", "The\u{0301}", "ΤΗΕ"]
        for word in words {
            #expect(EnglishNameScanner.isThe(word) == (word.lowercased() == "the"), "\(word)")
        }
    }
}
