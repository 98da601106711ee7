import CoalflowStore
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster in a folder of its own, made with the system's PostgreSQL binaries.
///
/// It listens on a Unix socket only (no TCP port), in a folder only its owner may enter. PostgreSQL
/// refuses to run as root, so when we are root the cluster belongs to the `postgres` system user.
public struct LocalPostgres: Sendable {
    /// The folder given by `--data-dir`, absolute.
    public let folder: String
    public let programs: PostgresPrograms
    /// Throwaway clusters for tests trade durability for speed; `make run` keeps PostgreSQL's defaults.
    public let durable: Bool
    public let database = "coalflow"
    public let superuser = "coalflow"

    public init(folder: String, programs: PostgresPrograms, durable: Bool = true) {
        let url = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.folder = url.standardizedFileURL.path
        self.programs = programs
        self.durable = durable
    }

    var clusterFolder: String { folder + "/pgdata" }
    var logFile: String { folder + "/postgres.log" }

    /// The socket lives inside the folder unless that path would pass the kernel's 107-byte limit for
    /// socket paths; then in a short folder under /tmp named after a digest of the data folder.
    public var socketFolder: String {
        let inside = folder + "/run"
        if (inside + "/.s.PGSQL.5432").utf8.count <= 107 { return inside }
        let digest = SHA256.hash(data: Data(folder.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return "/tmp/coalflow-" + digest
    }

    public func url(_ settings: DatabaseSettings) -> DatabaseURL {
        // The folder path cannot break this URL: it is percent-encoded as a query value.
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = superuser
        components.host = ""
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "host", value: socketFolder)]
        return try! DatabaseURL(components.string!, settings: settings)
    }

    var runsAsPostgresUser: Bool { geteuid() == 0 }

    /// The cluster's own data keys, `data-keys` in its folder, made (mode 0600) on first use.
    public func dataKeys() throws(StoreError) -> PersonalDataKeys {
        let path = folder + "/data-keys"
        if !FileManager.default.fileExists(atPath: path) {
            let made = FileManager.default.createFile(
                atPath: path, contents: Data(PersonalDataKeys.generateFile().utf8),
                attributes: [.posixPermissions: 0o600])
            guard made else {
                throw StoreError(
                    .setup, code: .dataKeysUnwritable, zh: "无法创建数据密钥文件 \(path)", en: "cannot create the data key file \(path)")
            }
        }
        return try PersonalDataKeys(contentsOfFile: path)
    }

    /// Starts the cluster, making it first if the folder has none. Returns false when it was already
    /// running (it is then reused, and the caller must not stop it).
    @discardableResult
    public func start() throws(StoreError) -> Bool {
        try prepareFolders()
        if !FileManager.default.fileExists(atPath: clusterFolder + "/PG_VERSION") {
            try initialise()
        }
        try writeSettings()
        if try isRunning() { return false }
        try removeStalePidFile()
        let started = try run(programs.path("pg_ctl"), ["start", "-w", "-t", "60", "-D", clusterFolder, "-l", logFile])
        guard started.status == 0 else {
            let tail =
                (try? String(contentsOfFile: logFile, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n")
                ?? ""
            throw failure("启动 PostgreSQL 失败", "PostgreSQL did not start", started.output + tail)
        }
        try createDatabaseIfMissing()
        return true
    }

    /// Makes this folder's cluster a streaming replica of `primary` (`pg_basebackup -R`: a copy of its
    /// data that follows its WAL), to be started with `start`. Reads only; for trying `serve
    /// --read-database-url` on one machine and for its test.
    public func makeReplica(of primary: LocalPostgres) throws(StoreError) {
        try prepareFolders()
        let copied = try run(
            programs.path("pg_basebackup"),
            ["-D", clusterFolder, "-R", "-X", "stream", "-c", "fast", "-h", primary.socketFolder, "-U", primary.superuser])
        guard copied.status == 0 else { throw failure("复制 PostgreSQL 集群失败", "pg_basebackup failed", copied.output) }
    }

    public func stop() throws(StoreError) {
        let stopped = try run(programs.path("pg_ctl"), ["stop", "-w", "-m", "fast", "-D", clusterFolder])
        guard stopped.status == 0 else { throw failure("停止 PostgreSQL 失败", "PostgreSQL did not stop", stopped.output) }
    }

    /// Whether the postmaster of this cluster is alive and accepting connections.
    public func isRunning() throws(StoreError) -> Bool {
        guard FileManager.default.fileExists(atPath: clusterFolder + "/postmaster.pid") else { return false }
        return try run(programs.path("pg_isready"), ["-q", "-h", socketFolder, "-U", superuser, "-d", "postgres"]).status == 0
    }

    /// A postmaster.pid left by a crash names a process that is gone, or one that has since been given
    /// to an unrelated program; either way no postmaster answers on our socket, so the file is stale.
    func removeStalePidFile() throws(StoreError) {
        let pidFile = clusterFolder + "/postmaster.pid"
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0) })
        else { return }
        let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        if !command.contains("postgres") {
            try? FileManager.default.removeItem(atPath: pidFile)
        }
    }

    func prepareFolders() throws(StoreError) {
        do {
            for path in [folder, socketFolder] {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                chmod(path, 0o700)
            }
        } catch {
            throw failure("无法创建数据目录 \(folder)", "cannot create the data folder \(folder)", "\(error)")
        }
        guard runsAsPostgresUser else { return }
        for path in [folder, socketFolder] {
            guard chown(path, Self.postgresUser.uid, Self.postgresUser.gid) == 0 else {
                throw failure(
                    "无法把 \(path) 交给 postgres 用户", "cannot hand \(path) to the postgres user", String(cString: strerror(errno)))
            }
        }
        // PostgreSQL runs as `postgres`; every parent folder must let that user through.
        if try run("/usr/bin/test", ["-w", folder]).status != 0 {
            throw StoreError(
                .setup, code: .dataDirUnreachable,
                zh: "postgres 系统用户无法进入 \(folder)（上级目录权限不足）；请用 --data-dir 选择 /root 之外的目录",
                en:
                    "the postgres system user cannot reach \(folder) (a parent folder is closed to it); choose a --data-dir outside /root"
            )
        }
    }

    func initialise() throws(StoreError) {
        let made = try run(
            programs.path("initdb"),
            [
                "-D", clusterFolder, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
            ])
        guard made.status == 0 else { throw failure("初始化 PostgreSQL 集群失败", "initdb failed", made.output) }
        do {
            let conf = clusterFolder + "/postgresql.conf"
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: conf))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\ninclude_if_exists = 'coalflow.conf'\n".utf8))
            try handle.close()
        } catch {
            throw failure("无法写入 postgresql.conf", "cannot write postgresql.conf", "\(error)")
        }
    }

    /// Rewritten at every start: the socket folder follows the data folder if it is moved.
    func writeSettings() throws(StoreError) {
        var settings = [
            "listen_addresses = ''",
            "unix_socket_directories = '\(socketFolder.replacingOccurrences(of: "'", with: "''"))'",
            "unix_socket_permissions = 0700",
            "max_connections = 200",
        ]
        if !durable {
            // Tests run many suites at once, each with its own pool and server.
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 1000"]
        }
        let path = clusterFolder + "/coalflow.conf"
        do {
            try (settings.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            if runsAsPostgresUser { chown(path, Self.postgresUser.uid, Self.postgresUser.gid) }
        } catch {
            throw failure("无法写入 \(path)", "cannot write \(path)", "\(error)")
        }
    }

    func createDatabaseIfMissing() throws(StoreError) {
        let exists = try run(
            programs.path("psql"),
            [
                "-h", socketFolder, "-U", superuser, "-d", "postgres", "-tAc",
                "SELECT 1 FROM pg_database WHERE datname = '\(database)'",
            ])
        guard exists.output.trimmingCharacters(in: .whitespacesAndNewlines) != "1" else { return }
        let created = try run(programs.path("createdb"), ["-h", socketFolder, "-U", superuser, database])
        guard created.status == 0 else { throw failure("创建数据库失败", "createdb failed", created.output) }
    }

    /// Runs a PostgreSQL program, as the `postgres` system user when we are root.
    func run(_ program: String, _ arguments: [String]) throws(StoreError) -> Spawn.Result {
        do {
            if runsAsPostgresUser {
                return try Spawn.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
            }
            return try Spawn.run(program, arguments)
        } catch let error as StoreError {
            throw error
        } catch {
            throw failure("无法运行 \(program)", "cannot run \(program)", "\(error)")
        }
    }

    func failure(_ zh: String, _ en: String, _ detail: String) -> StoreError {
        let detail = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        return StoreError(
            .unavailable, code: .localPostgres,
            zh: "\(zh)（数据目录 \(folder)，日志 \(logFile)）", en: "\(en) (data folder \(folder), log \(logFile))",
            details: detail.isEmpty ? [] : detail.split(separator: "\n").map(String.init))
    }

    static let postgresUser: (uid: uid_t, gid: gid_t) = {
        guard let entry = getpwnam("postgres") else { return (0, 0) }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }()
}
