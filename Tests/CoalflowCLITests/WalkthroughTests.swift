import CoalflowTestSupport
import Foundation
import Testing

/// The README's walkthrough, run as written against a freshly seeded server, so it never goes stale.
@Suite struct WalkthroughTests {
    @Test func theSeasonInTheREADMEWorks() async throws {
        try await TestDatabase.with { url in
            let seed = try CLI(databaseURL: url.urlString).run("admin", "seed", "taishan-2021", "--demo")
            #expect(seed.status == 0, "\(seed)")
            try await ServerProcess.with(databaseURL: url.urlString) { server in
                var cli = server.cli(databaseURL: url.urlString)
                cli.environment["COALFLOW"] = try CLI.executable()
                let script = URL(fileURLWithPath: try TestDatabase.migrator().folder).deletingLastPathComponent()
                    .appendingPathComponent("examples/walkthrough.sh").path
                let run = try cli.run(executable: "/bin/bash", [script])
                #expect(run.status == 0, "\(run)")
                #expect(run.stdout.contains("已备案"), "\(run.stdout)")
                // Returned and corrected: the amended list (four households) needs a new notice.
                #expect(run.stdout.contains("已修改：4 户") && run.stdout.contains("请重新公示"), "\(run.stdout)")
                #expect(run.stdout.contains("审计记录完整无误"), "\(run.stdout)")
                #expect(run.stdout.contains("农户联"))
                #expect(run.stdout.contains("全区合计") && run.stdout.contains("各街道进度"))
                #expect(run.stdout.contains("已导出"))
            }
        }
    }
}
