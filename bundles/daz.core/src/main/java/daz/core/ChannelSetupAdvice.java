package daz.core;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
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
 * put in it, instead of sitting silent. The wait runs on a thread of its own that ends after it (or when the component
 * stops): the JDK's shared delay scheduler, used before, keeps its thread for as long as the JVM runs, and each idle
 * thread holds its stack's touched pages and the JVM's per-thread memory.
 */
@Component(
        service = {},
        immediate = true)
public class ChannelSetupAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSetupAdvice.class);
    private static final long DELAY_SECONDS = 5;

    private final ChannelRegistry registry;
    private final String etc;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Activate
    public ChannelSetupAdvice(@Reference ChannelRegistry registry, BundleContext context) {
        this.registry = registry;
        this.etc = etcFolder(context);
        Thread waiter = new Thread(this::adviseIfNoChannel, "daz-core-setup-advice");
        waiter.setDaemon(true);
        waiter.start();
    }

    @Deactivate
    void stop() {
        stopped.countDown();
    }

    private void adviseIfNoChannel() {
        try {
            if (!stopped.await(DELAY_SECONDS, TimeUnit.SECONDS)
                    && registry.all().isEmpty()) {
                LOG.warn(adviceText(etc));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
