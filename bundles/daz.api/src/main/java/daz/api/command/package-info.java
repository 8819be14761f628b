/**
 * Chat commands. A command is an {@link daz.api.bus.EventHandler} service subscribed to the topic
 * {@code command.<name>} (see {@link daz.api.command.Command#TOPIC_PREFIX}) and described by the service properties in
 * {@link daz.api.command.Command}: aliases, minimum rank, cooldown, description and usage. The EventFilter builds its
 * registry from those services as they come and go.
 *
 * <p>When a user types {@code !name args} in a channel's chat or in a PM to the bot, the EventFilter checks the
 * caller's rank and cooldowns and sends a bus <em>request</em> on {@code command.<name>} whose payload is a
 * {@link daz.api.command.CommandRequest}: the caller, their rank, the channel, the arguments and where the command was
 * asked ({@link daz.api.command.CommandOrigin}). The handler answers with {@code bus.reply(event, new
 * CommandReply(text))} (or a plain {@code String}); the EventFilter sends the text where the command was asked: the
 * channel chat, or a PM to the caller. An empty reply says nothing.
 *
 * <p>{@link daz.api.command.CommandCatalog} is the registry as a service, for plugins such as {@code help}.
 */
@Export
@Version("1.0.0")
package daz.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
