/**
 * Chat commands. A command is a {@link daz.api.command.CommandHandler} service (or an
 * {@link daz.api.command.AsyncCommandHandler} for slow work) described by the component property type
 * {@link daz.api.command.Command}: name, aliases, minimum rank, cooldown, description and usage. The EventFilter builds
 * its registry from those services as they come and go.
 *
 * <p>When a user types {@code !name args} in a channel's chat or in a PM to the bot, the EventFilter checks the
 * caller's rank, cooldowns and spam limit, and calls the handler through the bus (a request on {@code command.<name>},
 * so bus metrics and per-handler queues apply) with a {@link daz.api.command.CommandRequest}: the caller, their rank,
 * the channel, the arguments and where the command was asked ({@link daz.api.command.CommandOrigin}). The handler
 * returns the text; the EventFilter says it where the command was asked: the channel chat, or a PM to the caller. An
 * empty answer says nothing. Every use is audited.
 *
 * <p>{@link daz.api.command.CommandCatalog} is the registry as a service, for plugins such as {@code help}.
 */
@Export
@Version("1.1.0")
package daz.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
