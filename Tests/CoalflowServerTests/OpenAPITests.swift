@testable import CoalflowServer
import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Prometheus
import Testing

@Suite struct OpenAPITests {
    /// Every route the router serves is described, and every description is served.
    @Test func theDocumentDescribesExactlyTheRoutes() throws {
        let url = try DatabaseURLForRoutes.make()
        let client = PostgresClient(configuration: url.configuration)
        let router = buildRouter(settings: .init(), client: client, heartbeat: DatabaseHeartbeat(client: client, logger: TestDatabase.logger),
                                 metrics: PrometheusCollectorRegistry(), logger: TestDatabase.logger)
        let served = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path)" })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let described = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        #expect(served == described)
        #expect(document["openapi"] as? String == "3.0.3")
    }
}

/// The router is built without connecting, so any well-formed URL will do.
enum DatabaseURLForRoutes {
    static func make() throws -> CoalflowStore.DatabaseURL {
        try CoalflowStore.DatabaseURL("postgres://nobody@127.0.0.1:1/none")
    }
}
