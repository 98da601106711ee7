import Testing

@testable import CoalflowCore

@Suite struct WorkflowTests {
    let route: [RouteStop] = ["caiyuan", "fgj", "czj"]
    let today = CivilDate(year: 2021, month: 10, day: 1)!

    func user(_ unit: String, _ kind: UnitKind, _ role: Role) -> ActingUser {
        // A unit of the plan brings its reach and slip copy from the plan's data.
        let planned = Taishan2021.plan.units.first { $0.code == unit }
        return ActingUser(
            userID: 1, login: unit, unit: unit, unitKind: kind, role: role, street: kind == .village ? "caiyuan" : nil,
            reach: planned?.reach, slipCopy: planned?.slipCopy ?? false)
    }

    var village: ActingUser { user("v1", .village, .clerk) }
    var street: ActingUser { user("caiyuan", .street, .reviewer) }
    var fgj: ActingUser { user("fgj", .bureau, .reviewer) }
    var czj: ActingUser { user("czj", .bureau, .reviewer) }

    func inReview(step: Int, acted: Set<String> = []) -> DocumentState {
        DocumentState(
            type: .registration, status: .inReview, step: step, currentUnit: route[step - 1].unit, originUnit: "v1",
            actedThisRound: acted)
    }

    func run(_ action: WorkflowAction, _ doc: DocumentState, by actor: ActingUser, text: String? = nil) throws(WorkflowError)
        -> Transition
    {
        try Workflow.transition(action, text: text, document: doc, route: route, by: actor, today: today)
    }

    @Test func approvalsAdvanceThenFile() throws {
        #expect(
            try run(.approve, inReview(step: 1), by: street)
                == Transition(status: .inReview, step: 2, currentUnit: "fgj", changesState: true))
        #expect(try run(.approve, inReview(step: 2), by: fgj).currentUnit == "czj")
        #expect(
            try run(.approve, inReview(step: 3), by: czj)
                == Transition(status: .filed, step: nil, currentUnit: nil, changesState: true))
    }

    @Test func submitNeedsANoticePeriodThatHasEnded() throws {
        var doc = DocumentState(type: .registration, status: .draft, step: nil, currentUnit: nil, originUnit: "v1")
        #expect(throws: WorkflowError.self) { try run(.submit, doc, by: village) }
        doc.status = .publicizing
        doc.noticeEnds = today
        #expect {
            try run(.submit, doc, by: village)
        } throws: { ($0 as? WorkflowError)?.message.en.contains("2021-10-02") == true }
        doc.noticeEnds = CivilDate(year: 2021, month: 9, day: 30)
        #expect(
            try run(.submit, doc, by: village)
                == Transition(status: .inReview, step: 1, currentUnit: "caiyuan", changesState: true))
    }

    @Test func aSummaryIsSubmittedFromDraft() throws {
        let doc = DocumentState(type: .summary, status: .draft, step: nil, currentUnit: nil, originUnit: "coal")
        let company = user("coal", .company, .clerk)
        #expect(try run(.submit, doc, by: company).status == .inReview)
    }

    @Test func notYourStepIsForbiddenAlreadyActedIsAConflict() {
        #expect(
            throws: WorkflowError.forbidden(
                Message(zh: "此单据现待 caiyuan 审批，不是你的单位", en: "the document waits for caiyuan, not for your unit"))
        ) {
            try run(.approve, inReview(step: 1), by: fgj)
        }
        #expect {
            try run(.approve, inReview(step: 2, acted: ["caiyuan"]), by: street)
        } throws: { if case .conflict = $0 as? WorkflowError { true } else { false } }
    }

    @Test func clerksAndViewersDoNotApprove() {
        for role in [Role.clerk, .viewer, .admin] {
            #expect {
                try run(.approve, inReview(step: 1), by: user("caiyuan", .street, role))
            } throws: { if case .forbidden = $0 as? WorkflowError { true } else { false } }
        }
    }

    @Test func returnAndRejectNeedAReason() throws {
        #expect(throws: WorkflowError.self) { try run(.return, inReview(step: 1), by: street, text: " ") }
        #expect(throws: WorkflowError.self) { try run(.reject, inReview(step: 1), by: street) }
        #expect(try run(.return, inReview(step: 1), by: street, text: "缺电话").status == .returned)
        #expect(try run(.reject, inReview(step: 1), by: street, text: "不符合条件").status == .rejected)
    }

    @Test func finalStatesRefuseEverythingButComments() throws {
        for status in [DocumentStatus.filed, .rejected] {
            let doc = DocumentState(type: .registration, status: status, step: nil, currentUnit: nil, originUnit: "v1")
            for action in [WorkflowAction.submit, .withdraw, .urge] {
                #expect(throws: WorkflowError.self) {
                    try run(action, doc, by: action == .urge ? user("office", .office, .admin) : village)
                }
            }
            #expect(try run(.comment, doc, by: fgj, text: "已阅").changesState == false)
        }
    }

    @Test func withdrawOnlyAtTheFirstStepUntouched() throws {
        #expect(try run(.withdraw, inReview(step: 1), by: village).status == .withdrawn)
        #expect(throws: WorkflowError.self) { try run(.withdraw, inReview(step: 2, acted: ["caiyuan"]), by: village) }
        #expect(throws: WorkflowError.self) { try run(.withdraw, inReview(step: 1), by: street) }
    }

    @Test func commentsFromTheRouteOnly() throws {
        #expect(try run(.comment, inReview(step: 1), by: czj, text: "请尽快").changesState == false)
        #expect(throws: WorkflowError.self) {
            try run(.comment, inReview(step: 1), by: user("jyj", .bureau, .reviewer), text: "x")
        }
        #expect(throws: WorkflowError.self) { try run(.comment, inReview(step: 1), by: user("fgj", .bureau, .viewer), text: "x") }
    }

    @Test func urgeByTheOfficeOrTheOriginator() throws {
        #expect(try run(.urge, inReview(step: 2), by: user("office", .office, .admin)).changesState == false)
        #expect(try run(.urge, inReview(step: 2), by: village).changesState == false)
        #expect(throws: WorkflowError.self) { try run(.urge, inReview(step: 2), by: czj) }
    }

    @Test func slipCopiesAndPersonalData() {
        #expect(fgj.seesSlip(company: "demo-coal-a", street: "daimiao"))
        #expect(street.seesSlip(company: "demo-coal-a", street: "caiyuan"))
        #expect(!street.seesSlip(company: "demo-coal-a", street: "daimiao"))
        #expect(user("demo-coal-a", .company, .clerk).seesSlip(company: "demo-coal-a", street: "daimiao"))
        #expect(
            !user("office", .office, .admin).seesSlip(company: "demo-coal-a", street: "daimiao"),
            "five copies; the office has none")
        #expect(!user("gaj", .bureau, .viewer).seesSlip(company: "demo-coal-a", street: "daimiao"))
        // In full: the form's village and street, the slip's company and street; 发改局 keeps masked copies.
        #expect(
            village.seesPersonalData(ofFormFrom: "v1", street: "caiyuan")
                && street.seesPersonalData(ofFormFrom: "v1", street: "caiyuan"))
        #expect(
            !fgj.seesPersonalData(ofFormFrom: "v1", street: "caiyuan")
                && !fgj.seesPersonalData(ofSlipBy: "demo-coal-a", street: "caiyuan"))
        #expect(!user("daimiao", .street, .reviewer).seesPersonalData(ofFormFrom: "v1", street: "caiyuan"))
        #expect(user("demo-coal-a", .company, .clerk).seesPersonalData(ofSlipBy: "demo-coal-a", street: "caiyuan"))
        #expect(!user("gaj", .bureau, .viewer).seesHouseholdDetail && fgj.seesHouseholdDetail)
    }

    @Test func scopes() {
        #expect(DocumentScope.of(fgj) == .district)
        #expect(DocumentScope.of(street) == .street("caiyuan"))
        #expect(DocumentScope.of(village) == .origin("v1"))
        #expect(DocumentScope.of(user("gaj", .bureau, .viewer)) == .none)
        #expect(DocumentScope.street("caiyuan").contains(origin: "v1", street: "caiyuan"))
        #expect(!DocumentScope.street("daimiao").contains(origin: "v1", street: "caiyuan"))
    }

    /// The store reads the round's events only when `needsActedThisRound` says so: everywhere else the
    /// outcome must be the same whoever acted this round.
    @Test func theRoundsEventsMatterOnlyWhereTheStoreReadsThem() {
        let states = [
            inReview(step: 1), inReview(step: 2), inReview(step: 3),
            DocumentState(type: .registration, status: .returned, step: nil, currentUnit: nil, originUnit: "v1"),
            DocumentState(type: .registration, status: .filed, step: nil, currentUnit: nil, originUnit: "v1"),
        ]
        var checked = 0
        for action in WorkflowAction.allCases {
            for state in states {
                for actor in [village, street, fgj, czj] where !Workflow.needsActedThisRound(action, document: state, by: actor) {
                    var acted = state
                    acted.actedThisRound = Set(route.map(\.unit) + ["v1"])
                    let outcome = { (doc: DocumentState) in
                        "\(Result { () throws(WorkflowError) in try run(action, doc, by: actor, text: "理由") })"
                    }
                    #expect(outcome(state) == outcome(acted), "\(action) by \(actor.unit) on \(state.status)")
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
        #expect(Workflow.needsActedThisRound(.approve, document: inReview(step: 2), by: street))
        #expect(!Workflow.needsActedThisRound(.approve, document: inReview(step: 2), by: fgj))
    }

    // A case: assigned to zfj (handler) by the street that opened it, which verifies; returns go back
    // to the handler, not to the opener.
    let caseRoute: [RouteStop] = ["zfj", RouteStop("caiyuan", returnsTo: .previous)]
    var zfjClerk: ActingUser { user("zfj", .bureau, .clerk) }
    var office: ActingUser { user("office", .office, .admin) }

    func openCase(step: Int = 1, handler: String = "zfj") -> DocumentState {
        DocumentState(
            type: .case, status: .inReview, step: step, currentUnit: step == 1 ? handler : "caiyuan", originUnit: "caiyuan")
    }

    func runCase(_ action: WorkflowAction, _ doc: DocumentState, by actor: ActingUser, route: [RouteStop]? = nil)
        throws(WorkflowError) -> Transition
    {
        try Workflow.transition(action, text: "理由", document: doc, route: route ?? caseRoute, by: actor, today: today)
    }

    @Test func aCaseIsHandledThenVerifiedOrReturnedToItsHandler() throws {
        // The handler's clerk may act for it: handling is the unit's work, not only its reviewers'.
        #expect(
            try runCase(.approve, openCase(), by: zfjClerk)
                == Transition(status: .inReview, step: 2, currentUnit: "caiyuan", changesState: true))
        // The opener returns it: back to the handler, still in review.
        #expect(
            try runCase(.return, openCase(step: 2), by: street)
                == Transition(status: .inReview, step: 1, currentUnit: "zfj", changesState: true))
        // Handled again, then closed.
        #expect(
            try runCase(.approve, openCase(step: 2), by: street)
                == Transition(status: .filed, step: nil, currentUnit: nil, changesState: true))
        // Not the handler's to close, nor the opener's to handle.
        #expect(throws: WorkflowError.self) { try runCase(.approve, openCase(step: 2), by: zfjClerk) }
        #expect(throws: WorkflowError.self) { try runCase(.approve, openCase(), by: street) }
        // A viewer never acts, even for its own unit.
        #expect(throws: WorkflowError.self) { try runCase(.approve, openCase(), by: user("zfj", .bureau, .viewer)) }
        // The approval chain is unchanged: a clerk never approves a registration.
        #expect(throws: WorkflowError.self) { try run(.approve, inReview(step: 2), by: user("fgj", .bureau, .clerk)) }
        // A return at a step that returns to the origin (the default) still goes to the originator.
        #expect(try run(.return, inReview(step: 3), by: czj, text: "理由").status == .returned)
    }

    @Test func aCaseIsTransferredWithAReasonByItsHandlerOrTheOffice() throws {
        #expect(
            try Workflow.transfer(openCase(), to: "scjgj", reason: "属市场监管", by: zfjClerk)
                == Transition(status: .inReview, step: 1, currentUnit: "scjgj", changesState: true))
        #expect(try Workflow.transfer(openCase(), to: "scjgj", reason: "转", by: office).currentUnit == "scjgj")
        #expect(throws: WorkflowError.invalid(Message(zh: "转办必须写明理由", en: "a transfer needs a reason"))) {
            try Workflow.transfer(openCase(), to: "scjgj", reason: "  ", by: zfjClerk)
        }
        // Not by another unit, not once handled, not to the handler itself, not for other documents.
        #expect(throws: WorkflowError.self) { try Workflow.transfer(openCase(), to: "scjgj", reason: "转", by: fgj) }
        #expect(throws: WorkflowError.self) { try Workflow.transfer(openCase(step: 2), to: "scjgj", reason: "转", by: office) }
        #expect(throws: WorkflowError.self) { try Workflow.transfer(openCase(), to: "zfj", reason: "转", by: zfjClerk) }
        #expect(throws: WorkflowError.self) { try Workflow.transfer(inReview(step: 1), to: "fgj", reason: "转", by: office) }
    }
}
