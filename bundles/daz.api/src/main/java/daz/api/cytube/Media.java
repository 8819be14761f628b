package daz.api.cytube;

import java.util.Objects;

/**
 * A media item: what {@code changeMedia} says is playing, or what a playlist entry holds.
 *
 * @param id the provider's id of the item (e.g. a YouTube video id)
 * @param title its title
 * @param seconds its length in seconds (0 for live streams)
 * @param duration its length as CyTube formats it, e.g. {@code 03:32}
 * @param type the provider, e.g. {@code yt}
 * @param currentTime the play position in seconds when the event was sent ({@code changeMedia} only, else 0)
 * @param paused whether it is paused ({@code changeMedia} only, else false)
 */
public record Media(
        String id, String title, int seconds, String duration, String type, double currentTime, boolean paused) {

    /** Checks the fields that must be there. */
    public Media {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(type, "type");
    }
}
