/**
 * Typed subscriptions to channel events: a {@link daz.api.event.ChannelListener} service described by
 * {@link daz.api.event.ChannelSubscription} receives, for instance, each chat line as a
 * {@link daz.api.cytube.ChatMessage} or each join as a {@link daz.api.cytube.User}, in a
 * {@link daz.api.event.ChannelEvent} that also holds the raw JSON. No bus code in the plugin.
 */
@Export
@Version("1.0.0")
package daz.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
