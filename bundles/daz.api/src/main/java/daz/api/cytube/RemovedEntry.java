package daz.api.cytube;

/**
 * An entry was removed from the playlist ({@code delete}).
 *
 * @param uid the entry's id in the playlist
 */
public record RemovedEntry(long uid) {}
