package daz.api.cytube;

/**
 * One of CyTube's per-connection message limiters: {@code burst} messages at once, then one per
 * {@code 1/sustained} seconds; {@code cooldownSeconds} without messages resets the burst.
 *
 * @param burst messages allowed at once
 * @param sustained messages per second after the burst
 * @param cooldownSeconds quiet time that resets the burst
 */
public record FloodLimit(int burst, double sustained, double cooldownSeconds) {

    /** The limit every user has for chat and PMs together: a burst of 20, then 10 per second. */
    public static final FloodLimit PER_USER = new FloodLimit(20, 10, 2);

    /** The channel antiflood's default (burst 4, then 1 per second, 4 s cooldown), for ranks below moderator. */
    public static final FloodLimit ANTIFLOOD_DEFAULT = new FloodLimit(4, 1, 4);

    /** Checks the numbers. */
    public FloodLimit {
        if (burst < 0 || !(sustained > 0) || cooldownSeconds < 0) {
            throw new IllegalArgumentException("invalid flood limit: burst " + burst + ", sustained " + sustained
                    + ", cooldown " + cooldownSeconds);
        }
    }

    /** Milliseconds between two messages once the burst is used up. */
    public double intervalMillis() {
        return 1000.0 / sustained;
    }
}
