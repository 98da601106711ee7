import CoalflowCore
import Testing

@Suite struct ResidentIDNumberTests {
    @Test func acceptsTheStandardsExample() throws {
        let id = try ResidentIDNumber("11010519491231002X")
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == CivilDate(year: 1949, month: 12, day: 31))
    }

    @Test func normalisesLowercaseXAndSpaces() throws {
        #expect(try ResidentIDNumber(" 11010519491231002x ").value == "11010519491231002X")
    }

    @Test func acceptsADigitCheckCharacter() throws {
        // 37090219800101001 has the check character 9.
        #expect(try ResidentIDNumber("370902198001010019").value == "370902198001010019")
    }

    @Test(arguments: [
        ("110105194912310021", "check"),  // wrong check character
        ("11010519491231002", "18"),  // 17 characters
        ("1101051949123100211", "18"),  // 19 characters
        ("11010519490230002X", "birth"),  // 30 February
        ("11010518991231002X", "birth"),  // before 1900
        ("1101051949123100AX", "17 digits"),
        ("１１０１０５１９４９１２３１００２X", "17 digits"),  // full-width digits
    ])
    func refuses(_ raw: String, _ reason: String) {
        #expect {
            try ResidentIDNumber(raw)
        } throws: { error in
            (error as? InputError)?.reason.en.contains(reason) == true && (error as? InputError)?.field == "id_number"
        }
    }

    @Test func masksAllButAreaAndLastFour() throws {
        #expect(try ResidentIDNumber("11010519491231002X").masked == "110105********002X")
    }

    @Test func trimsSpacesAtBothEndsOnly() {
        #expect(" \t\u{3000}张 三\r\n".trimmingSpaces() == "张 三")
        #expect("x".trimmingSpaces() == "x")
        #expect(" \u{3000}\t\n ".trimmingSpaces() == "")
        #expect("".trimmingSpaces() == "")
    }
}

@Suite struct MaskingTests {
    @Test func aStoredValueThatNoLongerParsesIsMaskedAllTheSame() {
        #expect(Masking.idNumber("11010519491231002X") == "110105********002X")
        // Eighteen characters with a wrong check digit: never printed in full.
        #expect(Masking.idNumber("110105194912310021") == "110*************21")
        #expect(Masking.phone("13805381234") == "138****1234")
        #expect(Masking.phone("12345678901234") == "123*********34")
    }
}
