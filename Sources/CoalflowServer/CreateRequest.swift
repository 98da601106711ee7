import CoalflowCore
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

/// Every row of an import checked: one bad row refuses them all, and each bad row is named with its
/// field and why (rows counted from 1).
func validRows<Row, Value>(_ rows: [Row], _ make: (Row) throws(InputError) -> Value) throws -> [Value] {
    var values: [Value] = []
    var problems: [String] = []
    for (index, row) in rows.enumerated() {
        do {
            values.append(try make(row))
        } catch {
            problems.append("row \(index + 1): \(error.field): \(error.reason.en)")
        }
    }
    guard problems.isEmpty else {
        throw APIError(
            .unprocessableContent, code: .invalidRows,
            Message(zh: "\(problems.count) 行有误，未保存任何内容", en: "\(problems.count) rows are invalid; nothing was stored"),
            details: problems)
    }
    return values
}
