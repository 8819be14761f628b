/**
 * Test support for Daz plugins built outside the Daz repository: {@link daz.testsupport.DazPluginTestSupport} is the
 * base of a Pax Exam test that boots Daz with the plugin under test and a CyTube stand-in channel.
 */
package daz.testsupport;
