/** Health of plugins and Daz services, as the shell's {@code daz:status} shows it. */
@Export
@Version("1.1.0")
package daz.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
