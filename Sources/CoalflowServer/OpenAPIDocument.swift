import Foundation

/// The OpenAPI 3 description of the HTTP API (`Resources/openapi.json`), served at `/openapi.json`.
/// A test keeps it equal to the router's routes, so a route added without its description fails the
/// tests.
enum OpenAPIDocument {
    /// Read from the resource bundle once. The build copies the file into the bundle, so a missing one
    /// is a broken installation (the bundle not copied beside the binary), not a condition to serve.
    static let json: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url)
        else {
            fatalError("openapi.json is missing from \(Bundle.module.bundlePath)")
        }
        return data
    }()
}
