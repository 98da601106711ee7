import Logging
import PostgresNIO

/// A store over the database pool. Each logs through its logger; a request hands its own (which
/// carries the request id) with `logging(to:)`, so every log line of a request can be found by its id.
public protocol Repository: Sendable {
    var client: PostgresClient { get }
    init(client: PostgresClient, logger: Logger)
}

extension Repository {
    public func logging(to logger: Logger) -> Self {
        Self(client: client, logger: logger)
    }
}
