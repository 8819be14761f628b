/**
 * What CyTube sends and what the bot sends: the event envelope published on {@code cytube.event.<name>}, typed
 * payloads for the events Daz knows, the outgoing chat and PM payloads ({@code cytube.send.chat},
 * {@code cytube.send.pm}), connection states ({@code daz.connection.<phase>}) and the {@link
 * daz.api.cytube.ChannelState} service.
 */
@Export
@Version("1.3.0")
package daz.api.cytube;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
