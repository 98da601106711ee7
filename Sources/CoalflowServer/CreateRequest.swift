import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat

/// The body of a create (registration, slips, summary) and its `Idempotency-Key`, if the client sent
/// one: the key's record is bound to a digest of this JSON.
func decodeCreate<Body: Decodable>(_ request: Request, context: AppRequestContext, as type: Body.Type) async throws
    -> (body: Body, idempotency: IdempotencyKey?) {
    var request = request
    let buffer = try await request.collectBody(upTo: context.maxUploadSize)
    let body = try JSONDecoder().decode(Body.self, from: buffer)
    guard let key = request.headers[.idempotencyKey] else { return (body, nil) }
    // The same JSON however it is spelt (key order, spacing) is the same request.
    let canonical = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(buffer: buffer)),
                                               options: [.sortedKeys])
    return (body, try IdempotencyKey(key: key, method: request.method.rawValue, path: request.uri.path, body: canonical))
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
