/// Who acts at one step of a route.
public enum StepActor: Sendable, Hashable {
    /// The street of the originating village, or the street a summary is addressed to.
    case documentStreet
    /// A fixed unit, such as `fgj` (发改局) or `czj` (财政局).
    case unit(String)
    /// The unit the document was assigned to when it was made (a case's handler, 派单).
    case assignedUnit
    /// The unit that made the document (a case's opener, who verifies and closes it).
    case originUnit
}

/// Where a return at a step sends the document.
public enum ReturnTarget: String, Sendable, Hashable {
    /// Back to the originator for correction (status `returned`).
    case origin
    /// Back to the step before, still in review (a case's verification returns it to the handler).
    case previous
}

/// One step of a document's route as it stands for that document: the unit that acts, and where a
/// return there goes.
public struct RouteStop: Sendable, Hashable, ExpressibleByStringLiteral {
    public let unit: String
    public let returnsTo: ReturnTarget

    public init(_ unit: String, returnsTo: ReturnTarget = .origin) {
        self.unit = unit
        self.returnsTo = returnsTo
    }

    public init(stringLiteral unit: String) {
        self.init(unit)
    }
}

/// One approval step (审批环节) with the days it may take before it is overdue.
public struct RouteStep: Sendable, Hashable {
    public let actor: StepActor
    public let timeLimitDays: Int
    public let returnsTo: ReturnTarget

    public init(_ actor: StepActor, timeLimitDays: Int = 5, returnsTo: ReturnTarget = .origin) {
        self.actor = actor
        self.timeLimitDays = timeLimitDays
        self.returnsTo = returnsTo
    }
}

/// The ordered steps a document type goes through after its originator submits it.
public struct Route: Sendable, Hashable {
    public let documentType: DocumentType
    public let steps: [RouteStep]

    public init(_ documentType: DocumentType, steps: [RouteStep]) {
        self.documentType = documentType
        self.steps = steps
    }
}
