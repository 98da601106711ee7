/// Who acts at one step of a route.
public enum StepActor: Sendable, Hashable {
    /// The street of the originating village, or the street a summary is addressed to.
    case documentStreet
    /// A fixed unit, such as `fgj` (发改局) or `czj` (财政局).
    case unit(String)
}

/// One approval step (审批环节) with the days it may take before it is overdue.
public struct RouteStep: Sendable, Hashable {
    public let actor: StepActor
    public let timeLimitDays: Int

    public init(_ actor: StepActor, timeLimitDays: Int = 5) {
        self.actor = actor
        self.timeLimitDays = timeLimitDays
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
