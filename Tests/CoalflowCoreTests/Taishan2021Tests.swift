import CoalflowCore
import Testing

@Suite struct Taishan2021Tests {
    let plan = Taishan2021.plan

    @Test func targetsAddUpToThePlansTotal() {
        // 任务目标: 5000 tons and 300 stoves across 财源, 岱庙 and 泰前.
        #expect(plan.targets.reduce(Tons.zero) { $0 + $1.coal }.description == "5000.000")
        #expect(plan.targets.reduce(0) { $0 + $1.stoves } == 300)
    }

    @Test func ratesAndSeason() {
        #expect(plan.rates.coalPerTon == Fen(30_000))
        #expect(plan.rates.perStove == Fen(40_000))
        #expect(plan.startsOn.description == "2021-09-01")
        #expect(plan.endsOn.description == "2022-03-31")
    }

    @Test func routesGoStreetThenDRCThenFinance() {
        for route in plan.routes where [.registration, .summary].contains(route.documentType) {
            #expect(route.steps.map(\.actor) == [.documentStreet, .unit("fgj"), .unit("czj")])
            #expect(route.steps.allSatisfy { $0.returnsTo == .origin })
        }
        let cases = plan.routes.first { $0.documentType == .case }
        #expect(cases?.steps.map(\.actor) == [.assignedUnit, .originUnit])
        #expect(cases?.steps.map(\.returnsTo) == [.origin, .previous])
        #expect(plan.routes.first { $0.documentType == .survey }?.steps.map(\.actor) == [.documentStreet])
    }

    @Test func everyDemoNameSaysDemo() {
        #expect(Taishan2021.demo.units.allSatisfy { $0.name.contains("演示") })
        #expect(Taishan2021.demo.logins.count == plan.units.count + Taishan2021.demo.units.count)
    }

    @Test func everyUnitCodeIsValid() throws {
        for unit in plan.units + Taishan2021.demo.units {
            try UnitCode.validate(unit.code)
        }
    }
}
