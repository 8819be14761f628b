/** The EventFilter: chat lines and PMs in, commands out (implementation, not exported). */
package daz.eventfilter;
