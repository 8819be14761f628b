package daz.itests.sql.logger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Chat lines an attacker would write go through the bus, the journal and PostgreSQL and come back verbatim: the raw
 * JSON exactly as received, the HTML message as sent (NUL, which PostgreSQL text cannot hold, as U+FFFD), the text
 * unescaped. The other default rules keep PMs, joins, leaves and media changes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileChatLinesIT extends LoggerTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    static final List<String> HOSTILE = List.of(
            "it's \"quoted\" and `ticked`",
            "'; DROP TABLE chat_log; --",
            "Robert'); DROP TABLE daz_sql.chat_log;--",
            "nul \u0000 in the middle",
            "emoji 😀🎉👍🏽 and ünïcödé ∑",
            "tab\there, newline\nhere, cr\rhere, backslash \\ and a literal \\N",
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>bold</strong>",
            "x".repeat(10 * 1024),
            "🙂".repeat(3000),
            "$$ dollar quoted $$ $tag$ and \\x00 and %s %n");

    @Test
    public void hostileChatLinesAreStoredAndReadBackVerbatim() throws Exception {
        Map<String, String> sent = new LinkedHashMap<>(); // raw -> msg
        long time = 1_795_000_000_000L;
        for (String line : HOSTILE) {
            String raw = chatRaw("mallory", line, time++);
            sent.put(raw, line);
            publish("hostile", "chatMsg", raw, false);
        }
        awaitCount(DEADLINE, "SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'hostile'", HOSTILE.size());
        // replayed as a backlog, they are not stored again
        sent.keySet().forEach(raw -> publish("hostile", "chatMsg", raw, true));
        awaitJournalDrained(DEADLINE);
        assertEquals(HOSTILE.size(), count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'hostile'"));

        Map<String, String[]> stored = new HashMap<>();
        try (Connection c = database();
                PreparedStatement p = c.prepareStatement(
                        "SELECT raw::text, msg, text, username FROM daz_sql.chat_log WHERE channel = 'hostile'");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                stored.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        for (Map.Entry<String, String> line : sent.entrySet()) {
            String[] row = stored.get(line.getKey());
            assertTrue("raw JSON stored verbatim: " + abbreviated(line.getKey()), row != null);
            String msg = line.getValue().replace('\0', '\uFFFD');
            assertEquals("msg of " + abbreviated(msg), msg, row[0]);
            assertEquals("mallory", row[2]);
        }
        String[] escaped = stored.get(chatRaw("mallory", HOSTILE.get(6), 1_795_000_000_006L));
        assertEquals("<script>alert(1)</script> & <strong>bold</strong>", escaped[1]);
        assertEquals("chat_log survived", 1, count("SELECT count(*) FROM pg_tables WHERE tablename = 'chat_log'"));
        assertPasswordLoggedNowhere();
    }

    @Test
    public void pmsJoinsLeavesAndMediaChangesAreKeptByTheDefaultRules() {
        publish(
                "rules",
                "pm",
                "{\"username\":\"alice\",\"msg\":\"psst\",\"meta\":{},\"time\":5,\"to\":\"bot\"}",
                false);
        publish("rules", "addUser", "{\"name\":\"bob\",\"rank\":1,\"profile\":{},\"meta\":{\"afk\":false}}", false);
        publish("rules", "userLeave", "{\"name\":\"bob\"}", false);
        publish(
                "rules",
                "changeMedia",
                "{\"id\":\"dQw4w9WgXcQ\",\"title\":\"Song\",\"seconds\":212,"
                        + "\"duration\":\"03:32\",\"type\":\"yt\",\"meta\":{},\"currentTime\":0,\"paused\":false}",
                false);
        publish("rules", "usercount", "3", false); // no rule: not kept
        awaitJournalDrained(DEADLINE);
        assertEquals(1, count("SELECT count(*) FROM daz_sql.pm_log WHERE recipient = 'bot' AND msg = 'psst'"));
        assertEquals(
                1,
                count("SELECT count(*) FROM daz_sql.user_activity WHERE channel = 'rules'"
                        + " AND username = 'bob' AND action = 'join' AND rank = 1"));
        assertEquals(
                1,
                count("SELECT count(*) FROM daz_sql.user_activity WHERE channel = 'rules'" + " AND action = 'leave'"));
        assertEquals(
                1,
                count("SELECT count(*) FROM daz_sql.media_log WHERE media_id = 'dQw4w9WgXcQ'"
                        + " AND seconds = 212 AND media_type = 'yt'"));
        assertPasswordLoggedNowhere();
    }

    private static String abbreviated(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " chars)" : s;
    }
}
