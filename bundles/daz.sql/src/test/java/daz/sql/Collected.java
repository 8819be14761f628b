package daz.sql;

import java.lang.ref.WeakReference;
import java.time.Duration;

/** Waits, collecting garbage, until nothing holds an object any more (a leaked class loader keeps it for ever). */
public final class Collected {

    private Collected() {}

    /** Fails after 20 s if {@code reference}'s object is still reachable. */
    public static void await(String what, WeakReference<?> reference) {
        org.awaitility.Awaitility.await(what + " collected")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return reference.get() == null;
                });
    }
}
