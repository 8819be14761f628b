/**
 * The usertracker plugin: joins, leaves, sessions, AFK and rank changes per channel in the schema
 * {@code daz_usertracker}, and the {@code !seen} command. (implementation, not exported).
 */
package daz.plugin.usertracker;
