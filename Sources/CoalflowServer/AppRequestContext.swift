import CoalflowCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Every request's context: Hummingbird's own, plus the authenticated person once `AuthMiddleware`
/// has checked the bearer token.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: ActingUser?
    /// The CSRF token of the web session that authenticated the request (none for bearer tokens).
    var formToken: String?
    /// The connection's peer; nil in tests that route without a network.
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        formToken = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address: the connection's peer, or with `trustForwarded` the last address in
    /// `X-Forwarded-For` when the peer is loopback (a reverse proxy on this machine, which appends the
    /// address it saw, so what a client wrote there itself comes before).
    func clientAddress(_ request: Request, trustForwarded: Bool) -> String? {
        guard let peer = remoteAddress?.ipAddress else { return nil }
        let loopback = peer == "::1" || peer.hasPrefix("127.") || peer.hasPrefix("::ffff:127.")
        guard trustForwarded, loopback, let header = request.headers[.forwardedFor],
            let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            (try? SocketAddress(ipAddress: last, port: 0)) != nil
        else { return peer }
        return last
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

extension HTTPField.Name {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}
