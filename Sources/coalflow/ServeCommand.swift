import ArgumentParser
import CoalflowServer
import CoalflowStore
import Hummingbird
import Logging
import PostgresNIO

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API server.",
        discussion: """
            With no database URL, starts (or reuses) the private PostgreSQL cluster in --data-dir and stops
            it again on shutdown (SIGINT or SIGTERM). Applies pending migrations before listening.
            Example: coalflow serve --host 127.0.0.1 --port 8080
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be within 1–65535") }
    }

    func run() async throws {
        let logger = commandLogger("coalflow", default: .info)
        let settings = ServerSettings(host: host, port: port)
        try await database.withDatabase(logger: logger) { _, url in
            let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
            let app = buildApplication(settings: settings, client: client, logger: logger)
            try await app.runService()
        }
    }
}
