package daz.plugin.usertracker;

import daz.api.command.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The words of a {@code !seen} answer. */
final class SeenAnswer {

    private SeenAnswer() {}

    /** What to say about {@code asked} (as the caller typed it), given what is known and the time now. */
    static String of(String asked, Optional<Seen> known, Instant now, int quoteMax) {
        if (known.isEmpty()) {
            return "I have never seen " + asked + " here.";
        }
        Seen seen = known.get();
        StringBuilder text = new StringBuilder(seen.name());
        if (seen.joined().isEmpty()) {
            text.append(" was never here while I was, but spoke");
        } else if (seen.hereNow()) {
            text.append(" is here now")
                    .append(seen.afk() ? " (away)" : "")
                    .append(", for ")
                    .append(since(seen.joined().get(), now))
                    .append('.');
        } else {
            Instant left = seen.left().get();
            text.append(" was last here ")
                    .append(since(left, now))
                    .append(" ago, for ")
                    .append(DurationText.of(Duration.between(seen.joined().get(), left)))
                    .append('.');
        }
        if (seen.lastWords().isPresent()) {
            text.append(seen.joined().isEmpty() ? " " : " Last said ")
                    .append(since(seen.saidAt().orElse(now), now))
                    .append(" ago: ")
                    .append(quote(seen.lastWords().get(), quoteMax));
        } else {
            text.append(" Said nothing I heard.");
        }
        return text.toString();
    }

    private static String since(Instant then, Instant now) {
        return DurationText.of(Duration.between(then, now));
    }

    static String quote(String words, int max) {
        String flat = words.replaceAll("\\s+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= max) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, Math.max(1, max - 1))) + "…";
    }
}
