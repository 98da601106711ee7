import CoalflowCore
import NIOCore
import PostgresNIO

/// A domain code stored as text (a status, a kind, a role): it crosses the database boundary as
/// itself. A column holding an unknown code fails to decode with an error, never a crash. Declared here
/// because the codes are also `Codable`, which would otherwise make PostgresNIO encode them as JSON.
public protocol DatabaseCode: RawRepresentable, Codable, PostgresNonThrowingEncodable, PostgresDecodable
where RawValue == String {}

extension DatabaseCode {
    public static var psqlType: PostgresDataType { .text }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeString(rawValue)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard let value = Self(rawValue: try String(from: &buffer, type: type, format: format, context: context)) else {
            throw PostgresDecodingError.Code.failure
        }
        self = value
    }
}

extension DocumentType: DatabaseCode {}
extension DocumentStatus: DatabaseCode {}
extension EventAction: DatabaseCode {}
extension UnitKind: DatabaseCode {}
extension UnitReach: DatabaseCode {}
extension Role: DatabaseCode {}
extension Product: DatabaseCode {}
extension SlipStatus: DatabaseCode {}
extension InspectionKind: DatabaseCode {}
