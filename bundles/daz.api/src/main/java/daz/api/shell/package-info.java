/** Helpers for the Gogo shell commands of Daz bundles and plugins. */
@Export
@Version("1.0.0")
package daz.api.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
