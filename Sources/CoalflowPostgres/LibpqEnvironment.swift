import CoalflowStore
import Foundation

extension DatabaseURL {
    /// The environment of a PostgreSQL program run against this database: ours, with the password in
    /// PGPASSWORD so it never shows in a process list.
    public var libpqEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let libpqPassword { environment["PGPASSWORD"] = libpqPassword }
        return environment
    }
}
