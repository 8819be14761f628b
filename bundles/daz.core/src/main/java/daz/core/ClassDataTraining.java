package daz.core;

import java.util.Hashtable;
import java.util.Map;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * were in the archive, and every start parsed them on the way to the first login. When done it registers a marker
 * service ({@value #TRAINED}{@code =true}) that the launcher waits for before it judges the training's class loading
 * settled (a niced JVM on a busy machine could otherwise stop before this thread had loaded them). In the bot it does
 * nothing.
 */
@Component(
        service = {},
        immediate = true)
public class ClassDataTraining {

    /** Set by the launcher on the training JVM. */
    static final String TRAINING = "daz.cds.training";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataTraining.class);

    /** The marker's property, as the launcher's {@code ClassDataArchive} looks for it. */
    static final String TRAINED = "daz.cds.trained";

    private final Thread thread;
    private volatile ServiceRegistration<Object> trained;

    @Activate
    public ClassDataTraining(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(TRAINING))) {
            thread = null;
            return;
        }
        // off the SCR thread: the framework's start goes on meanwhile, as a channel's link does beside it
        thread = new Thread(
                () -> {
                    startAndStopClients();
                    try {
                        trained = context.registerService(
                                Object.class, new Object(), new Hashtable<>(Map.of(TRAINED, true)));
                    } catch (IllegalStateException e) {
                        // the bundle is stopping already: the training JVM is ending anyway
                    }
                },
                "daz-core-cds-training");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.join(5_000);
        }
        ServiceRegistration<Object> registration = trained;
        if (registration != null) {
            registration.unregister();
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
