import CoalflowCore
import CoalflowStore
import Foundation
import Hummingbird

/// Login, logout and "who am I".
struct AuthController {
    let sessions: SessionStore
    let tokenLifetime: Duration

    struct LoginRequest: Decodable {
        let login: String
        let password: String
    }

    struct Whoami: ResponseEncodable {
        let login: String
        let unit: String
        let unitKind: String
        let role: String
        let street: String?

        init(_ user: ActingUser) {
            login = user.login
            unit = user.unit
            unitKind = user.unitKind.rawValue
            role = user.role.rawValue
            street = user.street
        }

        enum CodingKeys: String, CodingKey {
            case login, unit, unitKind = "unit_kind", role, street
        }
    }

    struct LoginResponse: ResponseEncodable {
        let token: String
        let expiresAt: String
        let user: Whoami

        enum CodingKeys: String, CodingKey {
            case token, expiresAt = "expires_at", user
        }
    }

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("login") { request, context -> LoginResponse in
            let body = try await request.decode(as: LoginRequest.self, context: context)
            let session = try await sessions.logging(to: context.logger).login(body.login, password: body.password, lifetime: tokenLifetime)
            return LoginResponse(token: session.token, expiresAt: ISO8601DateFormatter().string(from: session.expiresAt),
                                 user: Whoami(session.user))
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("logout") { request, context -> HTTPResponse.Status in
            let token = request.headers[.authorization].map { String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces) } ?? ""
            try await sessions.logging(to: context.logger).logout(token: token)
            return .noContent
        }
        group.get("whoami") { _, context -> Whoami in
            Whoami(try context.requireUser())
        }
    }
}
