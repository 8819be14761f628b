/** The EventFilter: chat lines and PMs in, commands out; routing rules forward events (implementation, not exported). */
package daz.eventfilter;
