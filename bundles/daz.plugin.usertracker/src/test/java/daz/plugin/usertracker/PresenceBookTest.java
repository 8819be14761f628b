package daz.plugin.usertracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.Media;
import daz.api.cytube.PlaylistEntry;
import daz.api.cytube.User;
import daz.api.sql.DatabaseException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions through joins, leaves, lost links, rejoins and restarts, against PostgreSQL. */
class PresenceBookTest {

    private static final long T0 = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private JdbcDatabase db;
    private PresenceLog log;
    private PresenceBook book;

    @BeforeEach
    void start() throws Exception {
        db = new JdbcDatabase("daz_usertracker_test", Path.of("src/main/resources/db/migration"));
        log = new PresenceLog(db);
        book = newBook();
    }

    @AfterEach
    void stop() throws Exception {
        book.deactivate();
        db.close();
    }

    private PresenceBook newBook() {
        PresenceBook book = new PresenceBook(log, config());
        book.start();
        return book;
    }

    static UserTrackerConfiguration config() {
        return config(3_600_000);
    }

    static UserTrackerConfiguration config(int wordsFlushMillis) {
        return new UserTrackerConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return UserTrackerConfiguration.class;
            }

            @Override
            public int heartbeat_seconds() {
                return 3600;
            }

            @Override
            public int words_flush_ms() {
                return wordsFlushMillis;
            }

            @Override
            public int quote_max_length() {
                return 100;
            }
        };
    }

    private static User user(String name) {
        return new User(name, 0, false, false);
    }

    private static ConnectionState link(String channel, ConnectionState.Phase phase, long at) {
        return new ConnectionState(
                channel, phase, "bot", 0, Optional.empty(), Optional.empty(), Instant.ofEpochMilli(at));
    }

    private long sessions(String name) {
        return (Long) db.value("SELECT count(*) FROM sessions WHERE name_key = '" + name + "'");
    }

    @Test
    void whatTheDatabaseRefusedOnAFirstStartIsTakenFromTheChannelOnceItAnswers() throws Exception {
        book.deactivate();
        db.refuse(new DatabaseException("schema daz_usertracker is not ready yet", DatabaseException.NOT_READY, null));
        List<User> present = new CopyOnWriteArrayList<>(List.of(user("bot"), user("alice")));
        book = new PresenceBook(log, config());
        book.states = List.of(channel("c", present));
        book.start();
        book.record("c", () -> book.present("c", List.copyOf(present), T0));
        present.add(user("bob"));
        book.record("c", () -> log.joined("c", user("bob"), T0 + MINUTE));
        assertThat(sessions("alice") + sessions("bob"))
                .as("nothing recorded while refused")
                .isZero();

        db.refuse(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions("alice") == 1 && sessions("bob") == 1);
        assertThat(log.seen("c", "bob").orElseThrow().hereNow()).isTrue();
        assertThat(sessions("bot")).isEqualTo(1);
    }

    /** A channel the bot is in, with these users present. */
    private static ChannelState channel(String name, List<User> users) {
        return new ChannelState() {
            @Override
            public String channel() {
                return name;
            }

            @Override
            public ConnectionState connection() {
                return link(name, ConnectionState.Phase.READY, T0);
            }

            @Override
            public Optional<String> botName() {
                return Optional.of("bot");
            }

            @Override
            public int botRank() {
                return 2;
            }

            @Override
            public List<User> users() {
                return List.copyOf(users);
            }

            @Override
            public Optional<User> user(String n) {
                return users.stream().filter(u -> u.name().equalsIgnoreCase(n)).findFirst();
            }

            @Override
            public Optional<Media> currentMedia() {
                return Optional.empty();
            }

            @Override
            public List<PlaylistEntry> playlist() {
                return List.of();
            }
        };
    }

    @Test
    void aJoinAndALeaveMakeOneSessionFoundInAnyCase() {
        book.present("c", List.of(user("bot")), T0);
        log.joined("c", user("Alice"), T0 + MINUTE);
        log.left("c", "alice", T0 + 46 * MINUTE);

        Seen seen = log.seen("c", "ALICE").orElseThrow();
        assertThat(seen.name()).isEqualTo("Alice");
        assertThat(seen.hereNow()).isFalse();
        assertThat(seen.left().orElseThrow().toEpochMilli()
                        - seen.joined().orElseThrow().toEpochMilli())
                .isEqualTo(45 * MINUTE);
        assertThat(db.value("SELECT string_agg(kind, ',' ORDER BY id) FROM activity WHERE name_key = 'alice'"))
                .isEqualTo("join,leave");
        assertThat(log.seen("other", "alice"))
                .as("another channel knows nothing")
                .isEmpty();
        assertThat(log.seen("c", "nobody")).isEmpty();
    }

    @Test
    void aReconnectResumesTheSessionsOfUsersWhoStayedAndEndsTheOthersAtTheLoss() {
        book.present("c", List.of(user("alice"), user("bob")), T0);
        book.link(link("c", ConnectionState.Phase.WAITING, T0 + 10 * MINUTE));
        assertThat(log.seen("c", "alice").orElseThrow().hereNow())
                .as("nobody is known to be here while the bot is away")
                .isFalse();
        book.link(link("c", ConnectionState.Phase.CONNECTING, T0 + 11 * MINUTE));
        book.present("c", List.of(user("alice"), user("carol")), T0 + 12 * MINUTE);

        assertThat(sessions("alice")).isEqualTo(1);
        Seen alice = log.seen("c", "alice").orElseThrow();
        assertThat(alice.hereNow()).isTrue();
        assertThat(alice.joined().orElseThrow().toEpochMilli()).isEqualTo(T0);
        Seen bob = log.seen("c", "bob").orElseThrow();
        assertThat(bob.left().orElseThrow().toEpochMilli()).isEqualTo(T0 + 10 * MINUTE);
        assertThat(log.seen("c", "carol").orElseThrow().hereNow()).isTrue();
    }

    @Test
    void aLinkStateOlderThanTheUserlistIsStale() {
        book.present("c", List.of(user("alice")), T0 + MINUTE);
        book.link(link("c", ConnectionState.Phase.CONNECTING, T0));
        assertThat(log.seen("c", "alice").orElseThrow().hereNow()).isTrue();
    }

    @Test
    void aRestartEndsOpenSessionsAtTheLastHeartbeatAndStartsNewOnes() throws Exception {
        book.present("c", List.of(user("alice")), T0);
        log.alive(List.of("c"), T0 + 5 * MINUTE);
        // the process dies: no leave, no disconnect; the next run starts
        PresenceBook next = newBook();
        try {
            // the new run's first userlist ends the old run's sessions first (unless its heartbeat thread did already)
            next.present("c", List.of(user("alice")), T0 + 7 * MINUTE);
            assertThat(db.value("SELECT (extract(epoch FROM left_at) * 1000)::bigint FROM sessions"
                            + " WHERE name_key = 'alice' AND end_reason = 'restart'"))
                    .isEqualTo(T0 + 5 * MINUTE);
            assertThat(sessions("alice")).isEqualTo(2);
            assertThat(log.seen("c", "alice")
                            .orElseThrow()
                            .joined()
                            .orElseThrow()
                            .toEpochMilli())
                    .isEqualTo(T0 + 7 * MINUTE);
        } finally {
            next.deactivate();
        }
    }

    @Test
    void theReplayedBacklogNeverReplacesANewerLine() {
        book.said("c", "Alice", "new \"quoted\" \\ line\n", T0 + MINUTE);
        book.said("c", "alice", "old", T0);
        book.writeWords();
        book.said("c", "alice", "old", T0);
        book.writeWords();
        assertThat(log.seen("c", "alice").orElseThrow().lastWords()).contains("new \"quoted\" \\ line\n");
        book.said("c", "alice", "newer", T0 + 2 * MINUTE);
        book.writeWords();
        assertThat(log.seen("c", "alice").orElseThrow().lastWords()).contains("newer");
        assertThat(log.seen("c", "alice").orElseThrow().joined())
                .as("heard, never seen present")
                .isEmpty();
    }

    @Test
    void aLineSaidIsWrittenByTheScheduledWriteItStarted() throws Exception {
        PresenceBook timed = new PresenceBook(log, config(20));
        timed.start();
        try {
            timed.said("c", "Bob", "first", T0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.seen("c", "bob").flatMap(Seen::lastWords), o -> o.isPresent());
            assertThat(log.seen("c", "bob").orElseThrow().lastWords()).contains("first");
            // the write that ran took the line, and the next line starts the next one
            timed.said("c", "Bob", "second", T0 + MINUTE);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.seen("c", "bob").orElseThrow().lastWords(), w -> w.equals(Optional.of("second")));
        } finally {
            timed.deactivate();
        }
    }

    @Test
    void afkAndRankChangesAreKept() {
        book.present("c", List.of(user("alice")), T0);
        log.afk("c", "Alice", true, T0 + MINUTE);
        log.rank("c", "alice", 2, T0 + 2 * MINUTE);
        assertThat(log.seen("c", "alice").orElseThrow().afk()).isTrue();
        assertThat(db.value("SELECT rank FROM sessions WHERE name_key = 'alice'"))
                .isEqualTo(2L);
        assertThat(db.value("SELECT string_agg(kind || coalesce(':' || detail, ''), ',' ORDER BY id) FROM activity"))
                .isEqualTo("afk,rank:2");
    }
}
