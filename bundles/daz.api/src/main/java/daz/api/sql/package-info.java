/**
 * A plugin's own PostgreSQL schema: the {@link daz.api.sql.Database} service, confined to the calling bundle's
 * schema {@code daz_<plugin>}, and how a plugin bundle carries its Flyway migrations.
 */
@Export
@Version("1.1.0")
package daz.api.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
