import NIOCore
import NIOEmbedded
import Testing

@testable import CoalflowServer

/// A reader that stops reading is cut off, one that reads on is not.
@Suite struct StalledReaderTests {
    @Test func aConnectionWhoseReaderStopsIsClosedAfterTheLimit() async throws {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: StalledReaderHandler(limit: .seconds(30)), loop: loop)
        try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 8080))
        var closed: Bool { !channel.isActive }

        // Backed up for a while, then read: stays open.
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        loop.advanceTime(by: .seconds(20))
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        loop.advanceTime(by: .seconds(20))
        #expect(!closed, "a reader that catches up is kept")

        // Backed up for the whole limit: closed.
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        loop.advanceTime(by: .seconds(29))
        #expect(!closed)
        loop.advanceTime(by: .seconds(1))
        #expect(closed, "a reader stalled for 30 s is cut off")
    }

    @Test func everyServerConnectionHasTheLimitAndAnIdleTimeout() {
        let configuration = ServerSettings.http1
        #expect(configuration.idleTimeout == .seconds(75))
        #expect(configuration.additionalChannelHandlers().contains { ($0 as? StalledReaderHandler)?.limit == .seconds(30) })
    }
}
