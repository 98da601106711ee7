import CoalflowAPI
import CoalflowCore
import CoalflowStore
import Foundation
import Hummingbird

/// Login, logout and "who am I".
struct AuthController {
    let sessions: SessionStore
    let cache: SessionCache
    let tokenLifetime: Duration
    let trustForwardedFor: Bool

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath(APIPath.login)) { request, context -> LoginResponse in
            let body = try await request.decode(as: LoginRequest.self, context: context)
            let session = try await sessions.logging(to: context.logger).login(
                body.login, password: body.password, lifetime: tokenLifetime,
                from: context.clientAddress(request, trustForwarded: trustForwardedFor))
            return LoginResponse(
                token: session.token, expiresAt: ISO8601DateFormatter().string(from: session.expiresAt),
                user: Whoami(session.user))
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath(APIPath.logout)) { request, context -> HTTPResponse.Status in
            let token = request.headers[.authorization].map { String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces) } ?? ""
            try await sessions.logging(to: context.logger).logout(token: token)
            cache.forget(token: token)
            return .noContent
        }
        group.get(RouterPath(APIPath.whoami)) { _, context -> Whoami in
            Whoami(try context.requireUser())
        }
    }
}
