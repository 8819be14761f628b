/**
 * The mediatracker plugin: every play of every channel in the schema {@code daz_mediatracker}, and the commands
 * {@code !nowplaying}, {@code !lastplayed} and {@code !topmedia}. (implementation, not exported).
 */
package daz.plugin.mediatracker;
