import NIOCore

/// Closes a connection whose reader stopped reading: once the response's bytes back up (the channel
/// turns unwritable) and stay so for `limit`. Without it, a client that requests a year-end export and
/// never reads holds a database connection for as long as it likes.
final class StalledReaderHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let limit: TimeAmount
    private var cutOff: Scheduled<Void>?

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            cutOff?.cancel()
            cutOff = nil
        } else if cutOff == nil {
            let channel = context.channel
            cutOff = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cutOff?.cancel()
        cutOff = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cutOff?.cancel()
    }
}
