import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Hummingbird

/// The audit trail's verification and its current head, for the office, 发改局 and 财政局.
struct AuditController {
    let trail: AuditTrail

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath(APIPath.auditVerify)) { request, context -> AuditReport in
            let user = try context.requireUser()
            try Self.requireDistrict(user)
            let q = request.uri.queryParameters
            var recorded: AuditHead?
            if let sha = q["head_sha256"] {
                guard let count = q["head_events"].flatMap({ Int($0) }) else {
                    throw APIError.badRequest("给出 head_sha256 时也须给出 head_events", "head_sha256 needs head_events too")
                }
                recorded = .init(sha256: String(sha).lowercased(), events: count)
            }
            return try await trail.logging(to: context.logger).verify(against: recorded, as: user)
        }
        group.get(RouterPath(APIPath.auditHead)) { _, context -> AuditHead in
            let user = try context.requireUser()
            try Self.requireDistrict(user)
            return try await trail.logging(to: context.logger).head(as: user)
        }
    }

    static func requireDistrict(_ user: ActingUser) throws {
        guard user.seesWholeDistrict else {
            throw APIError(
                .forbidden, code: .notPermitted,
                Message(zh: "只有领导小组办公室、区发改局和区财政局可以核验审计记录", en: "only the office, fgj and czj verify the audit trail"))
        }
    }
}

// The store's chain values, as the API sends them.
