import CoalflowCore

/// Every failed request's body: `{"error": {"code", "message", "details"}}`. The command line prints
/// its own failures in the same shape with `--json`.
public struct ErrorResponse: Sendable, Codable {
    public struct Body: Sendable, Codable {
        /// Stable, for programs: `document_not_found`, `invalid_rows`, …
        public var code: String
        /// For people, in the request's language.
        public var message: String
        public var details: [String]

        public init(code: String, message: String, details: [String]) {
            self.code = code
            self.message = message
            self.details = details
        }

        /// An answer without details (from a proxy, say) still reads.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            message = try c.decode(String.self, forKey: .message)
            details = try c.decodeIfPresent([String].self, forKey: .details) ?? []
        }
    }

    public var error: Body

    public init(code: ErrorCode, message: String, details: [String]) {
        error = Body(code: code.rawValue, message: message, details: details)
    }
}
