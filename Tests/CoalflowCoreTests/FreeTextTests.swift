import CoalflowCore
import Testing

@Suite struct FreeTextTests {
    let label = Message(zh: "户主姓名", en: "the name")

    @Test func namesAreStoredInOneCanonicalForm() throws {
        // "é" as e + combining acute (NFD) becomes the single precomposed scalar (NFC).
        let decomposed = "Jose\u{301}"
        let cleaned = try FreeText.clean("  \(decomposed)\u{3000}", field: "name", label: label, maxLength: 50)
        #expect(Array(cleaned.unicodeScalars) == Array("Jos\u{E9}".unicodeScalars))
    }

    @Test(arguments: [
        "张\u{0}三", "张\u{7}三", "张\n三", "张\u{1B}[31m三", "a\u{202E}gpj.exe", "张\u{2066}三", "张\u{7F}三",
        // Invisible: zero-width space, non-joiner and joiner, word joiner, U+061C, a BOM, a soft hyphen.
        "张\u{200B}三", "张\u{200C}三", "张\u{200D}三", "张\u{2060}三", "张\u{61C}三", "张\u{FEFF}三", "张\u{AD}三",
    ])
    func controlCharactersAreRefusedNamingTheCharacter(_ text: String) {
        #expect(throws: InputError.self) { try FreeText.clean(text, field: "name", label: label, maxLength: 50) }
        do {
            _ = try FreeText.clean(text, field: "name", label: label, maxLength: 50)
        } catch {
            #expect(error.field == "name")
            #expect(error.reason.en.contains("control character U+"), "\(error)")
        }
    }

    @Test func commentsMayHaveLineBreaksButNotOtherControls() throws {
        #expect(try FreeText.clean("第一行\n第二行", field: "text", label: label, maxLength: 500, multiline: true) == "第一行\n第二行")
        #expect(throws: InputError.self) {
            try FreeText.clean("第一行\r第二行", field: "text", label: label, maxLength: 500, multiline: true)
        }
    }

    @Test func lengthIsCountedInCharactersAndNamed() throws {
        let fifty = String(repeating: "张", count: 50)
        #expect(try FreeText.clean(fifty, field: "name", label: label, maxLength: 50) == fifty)
        do {
            _ = try FreeText.clean(fifty + "三", field: "name", label: label, maxLength: 50)
            Issue.record("accepted 51 characters")
        } catch {
            #expect(error.reason.en == "the name has 51 characters, at most 50 are allowed")
        }
    }

    @Test func lengthCountsCodePointsAsTheDatabaseDoes() {
        // a, acute and circumflex: NFC makes á, the circumflex stays: one character, two code points.
        let text = String(repeating: "a\u{301}\u{302}", count: 30)
        #expect(throws: InputError.self) { try FreeText.clean(text, field: "name", label: label, maxLength: 50) }
    }

    @Test func emptyAfterTrimmingIsRefused() {
        #expect(throws: InputError.self) { try FreeText.clean(" \u{3000}\t", field: "name", label: label, maxLength: 50) }
    }
}
