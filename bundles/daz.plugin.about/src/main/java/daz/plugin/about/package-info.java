/** The !about command: version, uptime and the plugins loaded. (implementation, not exported). */
package daz.plugin.about;
