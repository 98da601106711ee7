import CoalflowCore

/// `POST /api/v1/login`.
public struct LoginRequest: Sendable, Codable {
    public var login: String
    public var password: String

    public init(login: String, password: String) {
        self.login = login
        self.password = password
    }
}

/// A new session's bearer token, when it ends, and whom it belongs to.
public struct LoginResponse: Sendable, Codable {
    public var token: String
    /// ISO 8601, UTC.
    public var expiresAt: String
    public var user: Whoami

    public init(token: String, expiresAt: String, user: Whoami) {
        self.token = token
        self.expiresAt = expiresAt
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case token
        case expiresAt = "expires_at"
        case user
    }
}

/// The logged-in person (`GET /api/v1/whoami`, and the `user` of a login).
public struct Whoami: Sendable, Codable {
    public var login: String
    public var unit: String
    public var unitKind: UnitKind
    public var role: Role
    /// For a village, its street; for a street, itself; absent otherwise.
    public var street: String?

    public init(_ user: ActingUser) {
        login = user.login
        unit = user.unit
        unitKind = user.unitKind
        role = user.role
        street = user.street
    }

    enum CodingKeys: String, CodingKey {
        case login, unit
        case unitKind = "unit_kind"
        case role, street
    }
}
