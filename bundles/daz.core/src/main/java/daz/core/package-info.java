/** The CyTube connection (implementation, not exported). */
package daz.core;
