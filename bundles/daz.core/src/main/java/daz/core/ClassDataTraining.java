package daz.core;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In the class-data archive's training run only (the launcher's {@value #TRAINING}: a JVM beside the bot, with no
 * configuration, that writes the archive when it stops): starts and stops the Jetty clients a channel's link starts
 * ({@link LinkClients}, their TLS context with the JDK's trust store) and makes one TLS engine, without connecting
 * anywhere. The training has no channel, so without this neither Jetty's client classes nor the JDK's TLS classes
 * were in the archive, and every start parsed them on the way to the first login. In the bot it does nothing.
 */
@Component(
        service = {},
        immediate = true)
public class ClassDataTraining {

    /** Set by the launcher on the training JVM. */
    static final String TRAINING = "daz.cds.training";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataTraining.class);

    private final Thread thread;

    @Activate
    public ClassDataTraining(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(TRAINING))) {
            thread = null;
            return;
        }
        // off the SCR thread: the framework's start goes on meanwhile, as a channel's link does beside it
        thread = new Thread(ClassDataTraining::startAndStopClients, "daz-core-cds-training");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.join(5_000);
        }
    }

    private static void startAndStopClients() {
        LinkClients clients = new LinkClients("cds-training");
        try {
            clients.start();
            SslContextFactory.Client tls = clients.http().getSslContextFactory();
            tls.newSSLEngine("cytu.be", 443);
        } catch (Exception e) {
            LOG.info(
                    "Class-data training: the Jetty clients did not start ({}); their classes are not archived",
                    e.toString());
        } finally {
            try {
                clients.stop();
            } catch (Exception e) {
                LOG.debug("Class-data training: stopping the Jetty clients: {}", e.toString());
            }
        }
    }
}
