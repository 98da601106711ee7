import CoalflowCore
import Hummingbird

/// Every request's context: Hummingbird's own, plus the authenticated person once `AuthMiddleware`
/// has checked the bearer token.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: ActingUser?

    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
    }

    /// Registration forms of a whole village fit well inside this.
    public var maxUploadSize: Int { 8 * 1024 * 1024 }

    /// The authenticated person; routes behind `AuthMiddleware` always have one.
    func requireUser() throws -> ActingUser {
        guard let user else { throw APIError.unauthenticated }
        return user
    }
}

extension Request {
    /// `Accept-Language: en…` switches messages to English; Chinese otherwise.
    var language: Language {
        (headers[.acceptLanguage] ?? "").lowercased().hasPrefix("en") ? .en : .zh
    }
}
