import CoalflowCore
import Testing

@Suite struct TonsTests {
    @Test(arguments: [
        ("12", 12_000), ("12.5", 12_500), ("12.500", 12_500), ("0.001", 1), ("0", 0), ("007.25", 7_250),
        ("999999999.999", 999_999_999_999),
    ])
    func parses(_ text: String, _ thousandths: Int64) throws {
        #expect(try Tons(parsing: text).thousandths == thousandths)
    }

    @Test(arguments: ["", "-1", "+1", "1.2345", "1e3", ".5", "5.", "1,5", "abc", "1000000000", "0x10", "１"])
    func refuses(_ text: String) {
        #expect(throws: InputError.self) { try Tons(parsing: text) }
    }

    @Test func printsThreeDecimals() {
        #expect(Tons(thousandths: 12_500).description == "12.500")
        #expect(Tons(thousandths: 1).description == "0.001")
        #expect(Tons(thousandths: 0).description == "0.000")
    }

    @Test func tenThousandAdditionsStayExact() {
        // 0.1 t ten thousand times is exactly 1000 t; a Double would drift.
        let total = (0..<10_000).reduce(Tons.zero) { sum, _ in sum + Tons(thousandths: 100) }
        #expect(total.description == "1000.000")
    }
}

@Suite struct FenTests {
    @Test(arguments: [("300", 30_000), ("1150.5", 115_050), ("1150.50", 115_050), ("0.01", 1), ("0", 0)])
    func parsesYuan(_ text: String, _ fen: Int64) throws {
        #expect(try Fen(yuan: text).value == fen)
    }

    @Test(arguments: ["", "-3", "1.234", "1e2", "abc", "1.", ".5"])
    func refuses(_ text: String) {
        #expect(throws: InputError.self) { try Fen(yuan: text) }
    }

    @Test func printsYuan() {
        #expect(Fen(115_050).yuan == "1150.50")
        #expect(Fen(5).yuan == "0.05")
    }
}

@Suite struct SubsidyTests {
    let rates2021 = SubsidyRates(coalPerTon: Fen(30_000), perStove: Fen(40_000))

    @Test func coalAndStoves() throws {
        // 2.5 t × 300 yuan + 1 stove × 400 yuan = 1150 yuan.
        #expect(rates2021.subsidy(coal: try Tons(parsing: "2.5"), stoves: 1) == Fen(115_000))
    }

    @Test func kilogramPrecisionIsExact() throws {
        // 0.001 t at 300 yuan/t is 0.30 yuan.
        #expect(rates2021.subsidy(coal: try Tons(parsing: "0.001"), stoves: 0) == Fen(30))
    }

    @Test func oddRatesRoundHalfUpToTheFen() throws {
        let rates = SubsidyRates(coalPerTon: Fen(33_333), perStove: Fen(0))
        // 0.001 t × 333.33 yuan = 0.33333 yuan → 33 fen; 0.015 t → 4.99995 yuan → 500 fen.
        #expect(rates.subsidy(coal: try Tons(parsing: "0.001"), stoves: 0) == Fen(33))
        #expect(rates.subsidy(coal: try Tons(parsing: "0.015"), stoves: 0) == Fen(500))
    }
}

@Suite struct CivilDateTests {
    @Test func parsesAndPrints() throws {
        #expect(try CivilDate(parsing: "2021-09-01").description == "2021-09-01")
    }

    @Test(arguments: ["2021-02-29", "2021-13-01", "2021-9-1", "20210901", "2021-09-01T00:00", "", "2021-04-31"])
    func refuses(_ text: String) {
        #expect(throws: InputError.self) { try CivilDate(parsing: text) }
    }

    @Test func leapYears() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    }
}

@Suite struct PlausibleTests {
    @Test func oneHouseholdsCoalIsAtMostFiftyTons() throws {
        #expect(try Plausible.coal("50") == Tons(thousandths: 50_000))
        #expect(throws: InputError.self) { try Plausible.coal("50.001") }
        #expect(throws: InputError.self) {
            try Household(
                name: "户", address: "路", idNumber: "11010519491231002X", phone: "13800000000", coalTons: "999999999", stoves: "0")
        }
    }

    @Test func stovesAreAWholeNumberUpToAHundred() throws {
        #expect(try Plausible.stoves(" 3 ") == 3)
        for text in ["101", "-1", "1.5", "３", ""] {
            #expect(throws: InputError.self, "\(text)") { try Plausible.stoves(text) }
        }
    }

    @Test func pricesAreBounded() throws {
        try Plausible.checkPrice(Fen(100_000_00), field: "price")
        #expect(throws: InputError.self) { try Plausible.checkPrice(Fen(100_000_01), field: "price") }
    }
}
