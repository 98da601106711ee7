import CoalflowStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat

/// The body of a create (registration, slips, summary) and its `Idempotency-Key`, if the client sent
/// one: the key's record is bound to a digest of the request's content.
func decodeCreate<Body: Codable>(_ request: Request, context: AppRequestContext, as type: Body.Type) async throws
    -> (body: Body, idempotency: IdempotencyKey?)
{
    var request = request
    let buffer = try await request.collectBody(upTo: context.maxUploadSize)
    let body = try JSONDecoder().decode(Body.self, from: buffer)
    guard let key = request.headers[.idempotencyKey] else { return (body, nil) }
    // The content as decoded, encoded again with sorted keys: the same request however its JSON is
    // spelt (key order, spacing, escapes). Far cheaper than a JSONSerialization round trip, which
    // was a third of a 20,000-row import.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let canonical = try encoder.encode(body)
    return (body, try IdempotencyKey(key: key, method: request.method.rawValue, path: request.uri.path, body: canonical))
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
