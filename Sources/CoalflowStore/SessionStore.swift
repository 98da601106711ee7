import CoalflowCore
import Crypto
import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// Logins and bearer tokens. A token is 32 random bytes shown once; only its SHA-256 is stored.
public struct SessionStore: Repository {
    public let context: StoreContext

    /// Every this many consecutive failures lock a login: for `lockSeconds`, then twice as long at each
    /// lock after (a day at most). Only a login that succeeds, or a day without a failure, starts the
    /// count again: a lock that ends does not.
    public static let failuresBeforeLock = 5
    public static let lockSeconds = 60

    /// Every this many failed logins from one client address within `addressWindowSeconds` stop logins
    /// from that address until the window ends, whichever logins they tried: guessing one password at many
    /// logins meets a wall too. Success does not clear the count (one known password must not).
    public static let addressFailureLimit = 30
    public static let addressWindowSeconds = 900

    /// How long a login is locked after `failures` consecutive failures; nil when that is no lock yet.
    public static func lock(afterFailures failures: Int) -> Int? {
        guard failures > 0, failures % failuresBeforeLock == 0 else { return nil }
        let doublings = min(failures / failuresBeforeLock - 1, 11)
        return min(lockSeconds << doublings, 86_400)
    }

    /// A login as the schema allows one (`users.login`): anything else is no login, refused like a wrong
    /// password without reaching the database, and never logged as given (log forging).
    static func isLogin(_ text: String) -> Bool {
        text.utf8.count <= 64 && text.range(of: "^[a-z0-9][a-z0-9._-]{1,63}$", options: .regularExpression) != nil
    }

    public init(context: StoreContext) {
        self.context = context
    }

    public struct Session: Sendable {
        public let token: String
        public let expiresAt: Date
        public let user: ActingUser
    }

    /// `address` is the client's (nil: no per-address limit, as for a local operator).
    public func login(_ login: String, password: String, lifetime: Duration, from address: String? = nil) async throws -> Session
    {
        let refused = StoreError(.invalid, code: .loginFailed, zh: "登录名或密码错误", en: "wrong login or password")
        if let address { try await checkAddress(address) }
        guard Self.isLogin(login) else {
            logger.warning("login refused: not a login", metadata: ["login": "\(login.prefix(64).debugDescription)"])
            if let address { try await recordFailure(from: address) }
            throw refused
        }
        let locked = try await client.query(
            """
            SELECT ceil(extract(epoch FROM locked_until - now()))::int FROM login_failures
            WHERE login = \(login) AND locked_until > now()
            """, logger: logger
        ).collect()
        if let seconds = try locked.first?.decode(Int.self) {
            logger.warning("login refused: locked", metadata: ["login": "\(login)"])
            throw StoreError(
                .forbidden, code: .loginLocked,
                zh: "连续登录失败次数过多，请 \(seconds) 秒后再试", en: "too many failed logins; try again in \(seconds) s")
        }
        let rows = try await client.query(
            """
            SELECT id, password_hash FROM users WHERE login = \(login) AND disabled_at IS NULL
            """, logger: logger
        ).collect()
        let stored = try rows.first?.decode((Int64, String).self)
        // bcrypt is slow on purpose: keep it off the event loops. Without a user, still spend the time,
        // so a response's delay does not tell which logins exist.
        let hash = stored?.1 ?? Self.decoyHash(cost: context.passwordCost)
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let (userID, _) = stored, matches else {
            try await recordFailure(login)
            if let address { try await recordFailure(from: address) }
            throw refused
        }
        try await client.query("DELETE FROM login_failures WHERE login = \(login)", logger: logger)
        let token = Self.randomToken()
        let seconds = Double(lifetime.components.seconds)
        let expiry = try await client.query(
            """
            INSERT INTO sessions (token_sha256, user_id, expires_at)
            VALUES (\(Self.digest(token)), \(userID), now() + make_interval(secs => \(seconds)))
            RETURNING extract(epoch FROM expires_at)::float8
            """, logger: logger
        ).collect()
        guard let user = try await user(forToken: token) else { throw refused }
        logger.info("login", metadata: ["login": "\(login)", "unit": "\(user.unit)"])
        return Session(token: token, expiresAt: Date(timeIntervalSince1970: try expiry.first!.decode(Double.self)), user: user)
    }

    func recordFailure(_ login: String) async throws {
        let rows = try await client.query(
            """
            INSERT INTO login_failures (login, failures, last_failed) VALUES (\(login), 1, now())
            ON CONFLICT (login) DO UPDATE SET
                failures = CASE WHEN login_failures.last_failed < now() - interval '1 day' THEN 1 ELSE login_failures.failures + 1 END,
                last_failed = now()
            RETURNING failures
            """, logger: logger
        ).collect()
        let failures = try rows.first?.decode(Int.self) ?? 1
        logger.warning("login failed", metadata: ["login": "\(login)", "failures": "\(failures)"])
        if let seconds = Self.lock(afterFailures: failures) {
            try await client.query(
                """
                UPDATE login_failures SET locked_until = now() + make_interval(secs => \(Double(seconds))) WHERE login = \(login)
                """, logger: logger)
            logger.warning("login locked", metadata: ["login": "\(login)", "seconds": "\(seconds)"])
        }
    }

    func checkAddress(_ address: String) async throws {
        let rows = try await client.query(
            """
            SELECT ceil(extract(epoch FROM window_start + make_interval(secs => \(Double(Self.addressWindowSeconds))) - now()))::int
            FROM login_address_failures
            WHERE address = \(address) AND failures >= \(Self.addressFailureLimit)
              AND window_start > now() - make_interval(secs => \(Double(Self.addressWindowSeconds)))
            """, logger: logger
        ).collect()
        if let seconds = try rows.first?.decode(Int.self) {
            logger.warning("login refused: address locked", metadata: ["address": "\(address)"])
            throw StoreError(
                .forbidden, code: .addressLocked,
                zh: "此地址登录失败次数过多，请 \(seconds) 秒后再试", en: "too many failed logins from this address; try again in \(seconds) s")
        }
    }

    func recordFailure(from address: String) async throws {
        try await client.query(
            """
            INSERT INTO login_address_failures (address, failures, window_start) VALUES (\(address), 1, now())
            ON CONFLICT (address) DO UPDATE SET
                failures = CASE WHEN login_address_failures.window_start > now() - make_interval(secs => \(Double(Self.addressWindowSeconds)))
                                THEN login_address_failures.failures + 1 ELSE 1 END,
                window_start = CASE WHEN login_address_failures.window_start > now() - make_interval(secs => \(Double(Self.addressWindowSeconds)))
                                    THEN login_address_failures.window_start ELSE now() END
            """, logger: logger)
    }

    /// The person a live token belongs to: not expired, not revoked, the user not disabled.
    public func user(forToken token: String) async throws -> ActingUser? {
        try await session(forToken: token)?.user
    }

    /// The person a live token belongs to, and how long the token has left.
    public func session(forToken token: String) async throws -> (user: ActingUser, expiresIn: Duration)? {
        let rows = try await client.withConnection { try await $0.all(UserForToken(digest: Self.digest(token)), logger: logger) }
        guard let row = rows.first else { return nil }
        let (id, login, unit, unitKind, role, street, reach, slipCopy, seconds, unitName) = row
        let user = ActingUser(
            userID: id, login: login, unit: unit, unitKind: unitKind, role: role, street: street, reach: reach,
            slipCopy: slipCopy, unitName: unitName)
        return (user, .milliseconds(Int64(seconds * 1000)))
    }

    public func logout(token: String) async throws {
        try await client.query(
            """
            UPDATE sessions SET revoked_at = now() WHERE token_sha256 = \(Self.digest(token)) AND revoked_at IS NULL
            """, logger: logger)
    }

    /// 32 random bytes, base64url without padding: a session token, or a login form's CSRF token.
    public static func randomToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The CSRF token of the web forms of a session: derived from the session's token, so it needs no
    /// storage, ends with the session, and does not reveal the token.
    public static func formToken(forSession token: String) -> String {
        SHA256.hash(data: Data(("coalflow form\u{0}" + token).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func digest(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// A valid bcrypt hash of a random string at `cost`, verified when the login does not exist: made once
    /// per cost, as slow to check as a real password of that cost.
    static func decoyHash(cost: UInt8) -> String {
        decoys.withLock { decoys in
            if let hash = decoys[cost] { return hash }
            let hash = Bcrypt.hash(UUID().uuidString, cost: cost)
            decoys[cost] = hash
            return hash
        }
    }
    private static let decoys = Mutex<[UInt8: String]>([:])
}
