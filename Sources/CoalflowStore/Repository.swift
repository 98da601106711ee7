import CoalflowCore
import Logging
import PostgresNIO

/// What a store works with: the pool, the logger of the request it serves (log lines carry its id), and
/// the data keys that seal ID numbers and phones.
public struct StoreContext: Sendable {
    public let client: PostgresClient
    /// The pool the year-end export streams from: its own in the server, so that slow readers never
    /// starve requests or the heartbeat (`ServerPool.exports`).
    public let exports: PostgresClient
    /// The pool reports, progress and the web overview read from: a streaming replica when the server
    /// is given one (`serve --read-database-url`), else the primary's request pool. A replica may lag
    /// the primary by a moment; nothing written is read back from it.
    public let reads: PostgresClient
    public var logger: Logger
    /// None for work that touches no personal data (setup, seeding, sessions, the audit trail).
    public let keys: PersonalDataKeys?
    /// bcrypt cost of new passwords, and of the decoy hash a login that does not exist is checked against.
    public let passwordCost: UInt8

    public init(
        client: PostgresClient, exports: PostgresClient? = nil, reads: PostgresClient? = nil, logger: Logger,
        keys: PersonalDataKeys? = nil, passwordCost: UInt8 = 12
    ) {
        self.client = client
        self.exports = exports ?? client
        self.reads = reads ?? client
        self.logger = logger
        self.keys = keys
        self.passwordCost = passwordCost
    }
}

/// A store over the database pool. A request hands its own logger with `logging(to:)`. Whatever a
/// store reads or writes for a person runs in a transaction that names that person to PostgreSQL's
/// row-level security (sql/0009): a second wall behind the store's own scope checks. A query that
/// forgot to name its actor sees no documents at all.
public protocol Repository: Sendable {
    var context: StoreContext { get }
    init(context: StoreContext)
}

extension Repository {
    public init(client: PostgresClient, logger: Logger, keys: PersonalDataKeys? = nil) {
        self.init(context: StoreContext(client: client, logger: logger, keys: keys))
    }

    public var client: PostgresClient { context.client }
    var logger: Logger { context.logger }

    /// The data keys, for work on personal data; without them it fails saying how to give them.
    var keys: PersonalDataKeys {
        get throws(StoreError) {
            guard let keys = context.keys else { throw PersonalDataKeys.missing }
            return keys
        }
    }

    public func logging(to logger: Logger) -> Self {
        var context = context
        context.logger = logger
        return Self(context: context)
    }

    /// One transaction, under the actor's row scope (none: operator work, as the owner), from the
    /// request pool unless another is given.
    func transaction<T>(
        as scope: RowScope?, on pool: PostgresClient? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending T
    ) async throws -> sending T {
        let logger = logger
        do {
            return try await (pool ?? client).withTransaction(logger: logger, isolation: isolation) { connection in
                if let scope { try await scope.apply(on: connection, logger: logger) }
                return try await body(connection)
            }
        } catch {
            throw unwrapTransactionError(error)
        }
    }

    /// One statement's rows, under the actor's row scope.
    func rows(_ query: PostgresQuery, as scope: RowScope, on pool: PostgresClient? = nil) async throws -> [PostgresRow] {
        let logger = logger
        return try await transaction(as: scope, on: pool) { try await $0.query(query, logger: logger).collect() }
    }

    /// A prepared statement's rows, under the actor's row scope.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, as scope: RowScope) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        let logger = logger
        return try await transaction(as: scope) { try await $0.all(statement, logger: logger) }
    }
}

/// The actor as row-level security sees it: `coalflow.unit`, `.kind`, `.scope`, `.code` and `.slip_copy`, set for one
/// transaction only (`set_config(…, true)`), so a pooled connection never carries them to the next.
public struct RowScope: Sendable, Hashable {
    public let unit: String
    public let kind: UnitKind
    /// district, street, origin, none; or aggregate (reports: sums over a street or the district).
    public let scope: String
    public let code: String?
    /// Sees every sales slip (`units.slip_copy`).
    public let slipCopy: Bool

    /// The documents and slips the user may see one by one.
    public static func documents(_ user: ActingUser) -> RowScope {
        let (scope, code): (String, String?) =
            switch DocumentScope.of(user) {
            case .district: ("district", nil)
            case .street(let street): ("street", street)
            case .origin(let origin): ("origin", origin)
            case .none: ("none", nil)
            }
        return RowScope(unit: user.unit, kind: user.unitKind, scope: scope, code: code, slipCopy: user.slipCopy)
    }

    /// Sums for reports: over the reader's street, or the whole district (`nil`).
    public static func aggregates(_ user: ActingUser, street: String?) -> RowScope {
        RowScope(unit: user.unit, kind: user.unitKind, scope: "aggregate", code: street, slipCopy: false)
    }

    public func apply(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(SetRowScope(scope: self), logger: logger)
    }
}
