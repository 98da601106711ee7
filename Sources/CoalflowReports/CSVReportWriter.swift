import CoalflowCore
import Foundation

/// CSV in UTF-8 with a BOM, so Excel opens Chinese text correctly. Either one file per sheet in a
/// folder (the year-end export), or every sheet in one file, one after another (a report).
public struct CSVReportWriter: ReportWriter {
    enum Target {
        case folder(String)
        case file(String)
    }

    let target: Target
    var handle: FileHandle?
    var sheets = 0

    public static func folder(_ path: String) throws -> CSVReportWriter {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return CSVReportWriter(target: .folder(path))
    }

    public static func file(_ path: String) -> CSVReportWriter {
        CSVReportWriter(target: .file(path))
    }

    public mutating func beginSheet(_ spec: SheetSpec, subtitle: String) throws {
        switch target {
        case .folder(let folder):
            try handle?.close()
            handle = try Self.create(folder + "/" + spec.name + ".csv")
        case .file(let path):
            if handle == nil { handle = try Self.create(path) } else { try emit([]) }
            try emit([spec.title + " " + subtitle])
        }
        sheets += 1
        try emit(spec.columns.map(\.name))
    }

    public mutating func write(_ row: [Cell]) throws {
        try emit(row.map(\.display))
    }

    public mutating func writeTotals(_ row: [Cell]) throws {
        try write(row)
    }

    public mutating func close() throws {
        try handle?.close()
        handle = nil
    }

    /// A new UTF-8 file with a BOM (Excel reads Chinese text right then).
    static func create(_ path: String) throws -> FileHandle {
        let handle = try PrivateFile.create(path)
        try handle.write(contentsOf: Data([0xEF, 0xBB, 0xBF]))
        return handle
    }

    func emit(_ fields: [String]) throws {
        let line = fields.map(CSV.field).joined(separator: ",") + "\r\n"
        try handle?.write(contentsOf: Data(line.utf8))
    }
}
