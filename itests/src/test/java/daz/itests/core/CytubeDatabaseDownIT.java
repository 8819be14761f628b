package daz.itests.core;

import static org.junit.Assert.assertFalse;

import daz.api.cytube.ConnectionState.Phase;
import daz.api.sql.Database;
import daz.itests.Await;
import daz.itests.TestDatabase;
import daz.itests.cytube.ChannelConfig;
import daz.itests.sql.logger.TcpProxy;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The login never waits for the database: with the database link cut (by a proxy the test controls; a query then
 * waits for the pool's connection timeout) the stored reconnect state cannot be read, and the bot joins, logs in and
 * answers anyway; once the link is back, the state is stored.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeDatabaseDownIT extends CytubeITSupport {

    private static final Pattern HOST_PORT = Pattern.compile("//([^:/?]+):(\\d+)/");

    @Test
    public void withTheDatabaseCutTheBotJoinsAndAnswersAndStoresItsStateOnceTheDatabaseIsBack() throws Exception {
        Matcher m = HOST_PORT.matcher(databaseUrl());
        check("a host and port in " + databaseUrl(), m.find());
        try (TcpProxy proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            String viaProxy = databaseUrl().replace(m.group(0), "//127.0.0.1:" + proxy.port() + "/");
            writeConfiguration(workDirectory(getClass()), "daz.sql", "url = " + viaProxy);
            Await.until(
                    Duration.ofSeconds(60),
                    "the pool connected through the proxy",
                    () -> proxy.accepted() > 0 && context.getServiceReference(Database.class) != null);
            proxy.cut();

            standin.createChannel(ChannelConfig.registered("nodb").account("dazbot", "pw", 1));
            configureChannel("nodb", "user = dazbot", "password = pw");
            long configured = System.currentTimeMillis();
            awaitPhase("nodb", Phase.READY, Duration.ofSeconds(20));
            long answered = new OutageDrill(standin, "nodb", "dazbot").answered(Duration.ofSeconds(20));
            System.out.println("CytubeDatabaseDownIT: ready and answered " + (answered - configured)
                    + " ms after the channel was configured, with the database cut");
            assertFalse(
                    "the state read was given up on",
                    logLines("Channel nodb: the stored reconnect state could not be read within 500 ms")
                                    .isEmpty()
                            && logLines("Channel nodb: the stored reconnect state cannot be read yet")
                                    .isEmpty()
                            && logLines("Channel nodb: no database service within 500 ms")
                                    .isEmpty());

            proxy.restore();
            Await.until(Duration.ofSeconds(60), "the reconnect state stored", () -> storedRows("nodb") == 1);
        }
    }

    private long storedRows(String channel) {
        return TestDatabase.ofThisClass()
                .count("SELECT count(*) FROM daz_core.reconnect_state WHERE channel = ? AND attempts = 0", channel);
    }
}
