package daz.api.cytube;

/**
 * How many users are connected to the channel ({@code usercount}, at most one per 10 s).
 *
 * @param count the number, guests and anonymous viewers included
 */
public record UserCount(int count) {}
