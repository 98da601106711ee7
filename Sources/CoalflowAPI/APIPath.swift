import CoalflowCore

/// Where each resource of the HTTP API lives. The server's router and the client's requests both
/// spell their paths from here, so the two cannot drift apart.
public enum APIPath {
    public static let healthz = "/healthz"
    public static let readyz = "/readyz"
    public static let metrics = "/metrics"
    public static let openAPI = "/openapi.json"

    static let v1 = "/api/v1"
    public static let login = v1 + "/login"
    public static let logout = v1 + "/logout"
    public static let whoami = v1 + "/whoami"
    public static let documents = v1 + "/documents"
    public static let queue = v1 + "/queue"
    public static let approvePassing = queue + "/approve-passing"
    public static let track = v1 + "/track"
    public static let registrations = v1 + "/registrations"
    public static let slips = v1 + "/slips"
    public static let summaries = v1 + "/summaries"
    public static let progress = v1 + "/progress"
    public static let monthlyReport = v1 + "/reports/monthly"
    public static let quarterlyReport = v1 + "/reports/quarterly"
    public static let yearEndExport = v1 + "/exports/year-end"
    public static let auditVerify = v1 + "/audit/verify"
    public static let auditHead = v1 + "/audit/head"
    public static let cases = v1 + "/cases"
    public static let inspections = v1 + "/inspections"
    public static let samples = v1 + "/samples"
    public static let surveys = v1 + "/surveys"
    public static let coverage = v1 + "/coverage"

    /// A document, by its printed id (`D12`).
    public static func document(_ id: String) -> String { documents + "/" + id }
    public static func action(_ action: WorkflowAction, on id: String) -> String { document(id) + "/" + action.rawValue }
    public static func publicize(_ id: String) -> String { document(id) + "/publicize" }
    /// A registration's households replaced (returned, withdrawn or draft).
    public static func amend(_ id: String) -> String { document(id) + "/amend" }
    /// A summary gathered again from its company's valid slips.
    public static func refresh(_ id: String) -> String { document(id) + "/refresh" }
    /// A slip, by its printed id (`S7`).
    public static func slip(_ id: String) -> String { slips + "/" + id }
    public static func voidSlip(_ id: String) -> String { slip(id) + "/void" }
    /// A case's handling reported (处置), or the case transferred (转办).
    public static func handleCase(_ id: String) -> String { cases + "/" + id + "/handle" }
    public static func transferCase(_ id: String) -> String { cases + "/" + id + "/transfer" }

    /// The paths that carry an id, with the placeholder the router matches and the OpenAPI document
    /// names (`/api/v1/documents/{id}`).
    public enum Pattern {
        public static let id = "id"
        static let placeholder = "{" + id + "}"
        public static let document = APIPath.document(placeholder)
        public static func action(_ action: WorkflowAction) -> String { APIPath.action(action, on: placeholder) }
        public static let publicize = APIPath.publicize(placeholder)
        public static let amend = APIPath.amend(placeholder)
        public static let refresh = APIPath.refresh(placeholder)
        public static let slip = APIPath.slip(placeholder)
        public static let voidSlip = APIPath.voidSlip(placeholder)
        public static let handleCase = APIPath.handleCase(placeholder)
        public static let transferCase = APIPath.transferCase(placeholder)
    }
}
