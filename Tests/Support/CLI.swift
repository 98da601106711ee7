import Foundation

/// Runs the built `coalflow` executable as a user would, and collects what it printed.
public struct CLI: Sendable {
    public struct Run: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    public var environment: [String: String]

    /// Talks to `databaseURL`, with a cheap bcrypt and English output unless a test says otherwise.
    public init(databaseURL: String, extra: [String: String] = [:]) {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["COALFLOW_BCRYPT_COST"] = "4"
        environment["COALFLOW_DATA_KEYS"] = TestDatabase.dataKeys
        environment["COALFLOW_DB_CONNECT_SECONDS"] = String(TestDatabase.connectSeconds)
        environment.removeValue(forKey: "COALFLOW_LANG")
        self.environment = environment.merging(extra) { $1 }
    }

    /// The executable sits next to the test bundle in the build folder.
    public static func executable() throws -> String {
        guard let located else {
            throw TestSupportError("the coalflow executable is not built; run `swift build` first (make test does)")
        }
        return located
    }

    static let located: String? = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("coalflow").path
            if FileManager.default.isExecutableFile(atPath: candidate), !candidate.hasSuffix(".xctest") { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    public func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try run(executable: try Self.executable(), arguments, stdin: stdin)
    }

    /// Runs another program (a script) with this CLI's environment.
    public func run(executable: String, _ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting: a full pipe would block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    public func run(_ arguments: String..., stdin: String? = nil) throws -> Run {
        try run(arguments, stdin: stdin)
    }

    /// Starts a long-running command (such as `serve`); the caller stops it.
    public func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.executable())
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// Test support could not set up what a test needs: the test fails with this message.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
