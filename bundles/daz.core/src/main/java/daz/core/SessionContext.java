package daz.core;

import daz.api.bus.EventBus;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link SocketIoSession} of one channel shares: its settings, codec, channel data, bus, outgoing writer,
 * connection status, the policy for login retries, and the timer thread.
 */
record SessionContext(
        ChannelSettings settings,
        FrameCodec codec,
        EventTranslator translator,
        ChannelData data,
        EventBus bus,
        OutboundWriter writer,
        ConnectionStatus status,
        ReconnectPolicy policy,
        ScheduledExecutorService timers) {

    String channel() {
        return settings.channel();
    }
}
