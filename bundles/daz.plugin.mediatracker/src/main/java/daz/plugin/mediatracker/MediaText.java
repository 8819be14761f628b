package daz.plugin.mediatracker;

import daz.api.command.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The words of the media commands' answers. */
final class MediaText {

    static final String NOTHING_YET = "Nothing has been played here yet.";

    private MediaText() {}

    static String nowPlaying(Optional<Play> current, Instant now, int titleMax) {
        if (current.isEmpty()) {
            return "Nothing is playing.";
        }
        Play play = current.get();
        StringBuilder text = new StringBuilder("Now playing: ").append(title(play.title(), titleMax));
        play.queuedBy().ifPresent(q -> text.append(", queued by ").append(q));
        if (play.seconds() > 0) {
            text.append(", ")
                    .append(clock((long) play.positionAt(now)))
                    .append(" of ")
                    .append(clock(play.seconds()));
        } else {
            text.append(", live");
        }
        return text.append('.').toString();
    }

    static String lastPlayed(List<Play> plays, Instant now, int titleMax) {
        if (plays.isEmpty()) {
            return NOTHING_YET;
        }
        StringBuilder text = new StringBuilder("Last played: ");
        for (int i = 0; i < plays.size(); i++) {
            Play play = plays.get(i);
            text.append(i == 0 ? "" : "; ")
                    .append(title(play.title(), titleMax))
                    .append(" (");
            play.queuedBy().ifPresent(q -> text.append("queued by ").append(q).append(", "));
            text.append(DurationText.of(Duration.between(play.startedAt(), now)))
                    .append(" ago)");
        }
        return text.append('.').toString();
    }

    static String top(List<PlayLog.Count> counts, int titleMax) {
        if (counts.isEmpty()) {
            return NOTHING_YET;
        }
        StringBuilder text = new StringBuilder("Most played: ");
        for (int i = 0; i < counts.size(); i++) {
            PlayLog.Count count = counts.get(i);
            text.append(i == 0 ? "" : "; ")
                    .append(i + 1)
                    .append(". ")
                    .append(title(count.title(), titleMax))
                    .append(" (")
                    .append(count.plays())
                    .append(count.plays() == 1 ? " play)" : " plays)");
        }
        return text.append('.').toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    static String title(String title, int max) {
        String flat = title.replaceAll("\\s+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= max) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, Math.max(1, max - 1))) + "…";
    }

    /**
     * How many items a listing command shows: none given, the default; else a number from 1 to {@code max}; empty
     * when the argument is no such number.
     */
    static OptionalInt count(List<String> args, int fallback, int max) {
        if (args.isEmpty()) {
            return OptionalInt.of(Math.min(fallback, max));
        }
        if (args.size() == 1 && args.get(0).matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(args.get(0));
            if (n >= 1 && n <= max) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }
}
