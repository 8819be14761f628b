package daz.api.cytube;

/**
 * The bot's own rank in the channel ({@code rank}, a bare number): {@value #ANONYMOUS} before login, then
 * {@value #GUEST} for a guest, {@value #REGISTERED} registered, {@value #MODERATOR} moderator, {@value #ADMIN}
 * channel admin, {@value #OWNER} owner, {@value #FOUNDER} founder, {@value #SITE_ADMIN} site admin. The same scale
 * applies to the ranks of other users.
 *
 * @param value the rank
 */
public record Rank(int value) {

    /** Not logged in. */
    public static final int ANONYMOUS = -1;
    /** A guest. */
    public static final int GUEST = 0;
    /** A registered user. */
    public static final int REGISTERED = 1;
    /** A channel moderator. */
    public static final int MODERATOR = 2;
    /** A channel admin. */
    public static final int ADMIN = 3;
    /** The channel owner. */
    public static final int OWNER = 4;
    /** The channel founder. */
    public static final int FOUNDER = 5;
    /** A site administrator. */
    public static final int SITE_ADMIN = 255;

    /** Whether this rank is at least moderator (the channel antiflood does not apply from here on). */
    public boolean atLeastModerator() {
        return value >= MODERATOR;
    }
}
