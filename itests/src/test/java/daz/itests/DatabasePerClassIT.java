package daz.itests;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The harness gives each test class a fresh database of its own on a real PostgreSQL. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatabasePerClassIT extends DazTestSupport {

    @Test
    public void theClassHasAFreshDatabaseOfItsOwn() throws Exception {
        try (Connection c = TestDatabase.ofThisClass().connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_database(), "
                    + "(SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public')")) {
                rs.next();
                assertEquals("daz_it_databaseperclassit", rs.getString(1));
                assertEquals("a fresh database has no tables", 0, rs.getLong(2));
            }
            s.execute("CREATE TABLE probe (line text)");
            s.execute("INSERT INTO probe VALUES ('it''s stored')");
            try (ResultSet rs = s.executeQuery("SELECT line FROM probe")) {
                rs.next();
                assertEquals("it's stored", rs.getString(1));
            }
        }
    }
}
