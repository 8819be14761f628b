/**
 * The analytics plugin: chat lines and active users per hour, day and week of each channel in the schema
 * {@code daz_analytics}, kept as lines arrive, and the {@code !stats} command. (implementation, not exported).
 */
package daz.plugin.analytics;
