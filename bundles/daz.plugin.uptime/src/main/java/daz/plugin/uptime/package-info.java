/** The !uptime command: how long the bot and its channel connection have been up. (implementation, not exported). */
package daz.plugin.uptime;
