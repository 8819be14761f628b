package daz.itests.sql.reconfigure;

import daz.api.sql.Database;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A plugin component of {@code PoolReconfigureIT}, built into a plugin bundle of its own: it needs the Database
 * service, counts its activations (a restart of it is one more), and on each {@link #get} adds a note through its
 * plugin's Database and says how many there are. Java types only, so the test can call it across class loaders.
 */
@Component(immediate = true, service = Supplier.class, property = "daz.itest=" + NotesCounter.MARK)
public class NotesCounter implements Supplier<Map<String, Object>> {

    public static final String MARK = "notes-counter";

    private static final AtomicInteger ACTIVATIONS = new AtomicInteger();

    private final Database db;

    @Activate
    public NotesCounter(@Reference Database db) {
        this.db = db;
        ACTIVATIONS.incrementAndGet();
    }

    @Override
    public Map<String, Object> get() {
        db.execute("INSERT INTO notes (body) VALUES (?)", "one more");
        Object notes = db.query("SELECT count(*) AS n FROM notes").get(0).get("n");
        return Map.of("activations", ACTIVATIONS.get(), "notes", notes);
    }
}
