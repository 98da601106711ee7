import CoalflowCore
import Testing

@Suite struct PhoneNumberTests {
    @Test func mobile() throws {
        let phone = try PhoneNumber("13812345678")
        #expect(phone.isMobile)
        #expect(phone.masked == "138****5678")
    }

    @Test(arguments: [
        ("0538-8221234", "0538-8221234"), ("05388221234", "0538-8221234"), ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
    ])
    func landlines(_ raw: String, _ normalised: String) throws {
        let phone = try PhoneNumber(raw)
        #expect(!phone.isMobile)
        #expect(phone.value == normalised)
    }

    @Test func landlineMaskKeepsAreaCode() throws {
        #expect(try PhoneNumber("0538-8221234").masked == "0538-*****34")
    }

    @Test(arguments: [
        "", "1381234567", "138123456789", "23812345678", "138-1234-5678", "0538-0221234", "5388221234", "1381234567a",
        "0538--8221234",
    ])
    func refuses(_ raw: String) {
        #expect(throws: InputError.self) { try PhoneNumber(raw) }
    }
}
