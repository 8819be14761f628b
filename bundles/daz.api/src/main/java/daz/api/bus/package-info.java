/**
 * The Daz event bus: {@link daz.api.bus.EventBus} to publish, send and request, {@link daz.api.bus.EventHandler}
 * services (whiteboard) to receive, {@link daz.api.bus.Event} as what travels.
 *
 * <p>Topics are dot-separated ({@code cytube.event.chatMsg}); a handler subscribes with exact topics or patterns where
 * {@code *} stands for one segment and {@code >} for all remaining segments.
 */
@Export
@Version("1.2.0")
package daz.api.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
