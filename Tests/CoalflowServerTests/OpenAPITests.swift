import CoalflowStore
import CoalflowTestSupport
import Foundation
import PostgresNIO
import Prometheus
import Testing

@testable import CoalflowServer

@Suite struct OpenAPITests {
    /// Every route the router serves is described, and every description is served.
    @Test func theDocumentDescribesExactlyTheRoutes() throws {
        let url = try DatabaseURLForRoutes.make()
        let client = PostgresClient(configuration: url.configuration)
        let router = buildRouter(
            settings: .init(), stores: StoreContext(client: client, logger: TestDatabase.logger),
            heartbeat: DatabaseHeartbeat(client: client, logger: TestDatabase.logger), metrics: PrometheusCollectorRegistry())
        // The web pages are not the API: they are HTML for browsers (WebController).
        let served = Set(
            router.routes.filter { !WebController.paths.contains($0.path.description) }
                .map { "\($0.method.rawValue.lowercased()) \($0.path)" })
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let described = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        #expect(served == described)
        #expect(document["openapi"] as? String == "3.0.3")
    }

    /// Every `$ref` names something the document has, and every path parameter is declared.
    @Test func everyReferenceResolves() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json) as? [String: Any])
        var refs: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { refs.append(ref) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!refs.isEmpty)
        for ref in refs {
            #expect(ref.hasPrefix("#/"), "\(ref)")
            var node: Any? = document
            for key in ref.dropFirst(2).split(separator: "/") {
                node = (node as? [String: Any])?[String(key)]
            }
            #expect(node != nil, "unresolved \(ref)")
        }

        let components = try #require(document["components"] as? [String: Any])
        let shared = try #require(components["parameters"] as? [String: [String: Any]])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, operations) in paths {
            let placeholders = Set(
                path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for (method, operation) in operations {
                let parameters = ((operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? []).map { parameter in
                    (parameter["$ref"] as? String).flatMap { shared[String($0.split(separator: "/").last!)] } ?? parameter
                }
                let declared = Set(parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                #expect(declared == placeholders, "\(method) \(path)")
            }
        }
    }
}

/// The router is built without connecting, so any well-formed URL will do.
enum DatabaseURLForRoutes {
    static func make() throws -> CoalflowStore.DatabaseURL {
        try CoalflowStore.DatabaseURL("postgres://nobody@127.0.0.1:1/none")
    }
}
