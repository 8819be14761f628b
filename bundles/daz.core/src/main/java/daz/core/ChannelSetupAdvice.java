package daz.core;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First run: when, a few seconds after start, no channel is configured, says once which file to create and what to
 * put in it, instead of sitting silent. The wait runs on the JDK's shared delay scheduler: no thread of ours only to
 * log once.
 */
@Component(
        service = {},
        immediate = true)
public class ChannelSetupAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSetupAdvice.class);
    private static final long DELAY_SECONDS = 5;

    private final ChannelRegistry registry;
    private final String etc;
    private volatile boolean active = true;

    @Activate
    public ChannelSetupAdvice(@Reference ChannelRegistry registry, BundleContext context) {
        this.registry = registry;
        this.etc = etcFolder(context);
        CompletableFuture.delayedExecutor(DELAY_SECONDS, TimeUnit.SECONDS).execute(this::adviseIfNoChannel);
    }

    @Deactivate
    void stop() {
        active = false;
    }

    private void adviseIfNoChannel() {
        if (active && registry.all().isEmpty()) {
            LOG.warn(adviceText(etc));
        }
    }

    /** The one message: which file, where, with which lines. */
    static String adviceText(String etc) {
        return "No CyTube channel is configured, so the bot is in no channel. To put it in one, create "
                + etc + "/" + ChannelConfiguration.PID + "-<name>.cfg (one file per channel; it is picked up"
                + " while the bot runs) with the lines: channel = <channel name>, user = <the bot's account>,"
                + " .password = <its password> (leave the password out to join as a guest); optional:"
                + " server = https://cytu.be. The commented example " + etc + "/" + ChannelConfiguration.PID
                + "-example.cfg lists every setting.";
    }

    private static String etcFolder(BundleContext context) {
        String fileInstall = context.getProperty("felix.fileinstall.dir");
        if (fileInstall != null && !fileInstall.isBlank()) {
            return fileInstall.split(",")[0].strip();
        }
        String home = context.getProperty("daz.home");
        return home == null || home.isBlank() ? "etc" : Path.of(home, "etc").toString();
    }
}
