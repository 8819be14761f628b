/** The !help command: the commands the caller may use, and the usage of one. (implementation, not exported). */
package daz.plugin.help;
