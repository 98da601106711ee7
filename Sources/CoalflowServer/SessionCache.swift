import CoalflowCore
import CoalflowStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Tokens this server verified, kept for a few seconds so that a request does not look its token up
/// again. Revocation is pushed: the database notifies `coalflow_sessions` on commit when a session is
/// revoked or a user or unit changes (sql/0016), on every server at once. While this server is not
/// listening (starting, or its listening connection lost) nothing is cached, so a revoked token is never
/// taken from here.
final class SessionCache: Service, Sendable {
    static let channel = "coalflow_sessions"
    /// The longest a verified token is trusted without a look: a bound even if a notice were missed.
    static let lifetime: Duration = .seconds(30)
    static let capacity = 50_000

    struct Entry {
        let user: ActingUser
        let until: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Data: Entry] = [:]
        /// Bumps with every notice: a lookup that began before one may not cache what it read.
        var generation = 0
        var listening = false
    }

    private let state = Mutex(State())
    /// Tokens looked up in the database (not served from the cache), for the tests and the curious.
    let lookups = Atomic<Int>(0)
    let sessions: SessionStore
    let client: PostgresClient
    let logger: Logger

    init(sessions: SessionStore, client: PostgresClient, logger: Logger) {
        self.sessions = sessions
        self.client = client
        self.logger = logger
    }

    /// The person `token` belongs to, from the cache or else the database; nil for a token that is not live.
    func user(forToken token: String, logger: Logger) async throws -> ActingUser? {
        let digest = SessionStore.digest(token)
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state -> (ActingUser?, Int?) in
            guard state.listening else { return (nil, nil) }
            if let entry = state.entries[digest], entry.until > now { return (entry.user, nil) }
            return (nil, state.generation)
        }
        if let cached { return cached }
        lookups.add(1, ordering: .relaxed)
        guard let (user, expiresIn) = try await sessions.logging(to: logger).session(forToken: token) else { return nil }
        if let generation {
            state.withLock { state in
                guard state.listening, state.generation == generation else { return }
                if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
                state.entries[digest] = Entry(user: user, until: now + min(Self.lifetime, expiresIn))
            }
        }
        return user
    }

    /// A token this server itself revoked: forgotten now, not when the notice comes back.
    func forget(token: String) {
        let digest = SessionStore.digest(token)
        state.withLock { state in
            state.generation += 1
            state.entries[digest] = nil
        }
    }

    /// What a notice asks to forget: one token (`token:HEX`), one user's tokens (`user:ID`), or all.
    func forget(_ payload: String) {
        state.withLock { state in
            state.generation += 1
            if payload.hasPrefix("token:"), let digest = Self.bytes(hex: payload.dropFirst(6)) {
                state.entries[digest] = nil
            } else if payload.hasPrefix("user:"), let id = Int64(payload.dropFirst(5)) {
                state.entries = state.entries.filter { $0.value.user.userID != id }
            } else {
                state.entries.removeAll()
            }
        }
    }

    var isListening: Bool { state.withLock { $0.listening } }

    private func setListening(_ listening: Bool) {
        state.withLock { state in
            state.listening = listening
            state.generation += 1
            state.entries.removeAll()
        }
    }

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [client] in
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notices in
                            self.setListening(true)
                            for try await notice in notices { self.forget(notice.payload) }
                        }
                    }
                }
            } catch {
                if !Task.isCancelled, !Task.isShuttingDownGracefully {
                    logger.warning(
                        "not listening for session changes; tokens are looked up each time", metadata: ["error": "\(error)"])
                }
            }
            setListening(false)
            try? await Task.sleep(for: .seconds(1))
        }
    }

    static func bytes(hex: Substring) -> Data? {
        guard hex.count == 64 else { return nil }
        var data = Data(capacity: 32)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}
