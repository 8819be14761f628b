package daz.eventfilter;

import daz.api.bus.EventHandler;
import daz.api.command.Command;
import daz.api.command.CommandCatalog;
import daz.api.command.CommandInfo;
import daz.api.sql.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands of the moment, built from the {@link EventHandler} services subscribed to {@code command.<name>}
 * (whiteboard): their service properties give aliases, rank, cooldown, description and usage. Those are the
 * {@link PluginBridge}'s handlers for plugins' {@link daz.api.command.CommandHandler} services, and older plugins' own
 * bus handlers. Only service references are tracked; the handlers themselves are reached through the bus.
 *
 * <p>A command whose last handler goes away stays known as updating ({@link UpdatingCommands}) for the command
 * timeout: its plugin is being updated, and the bus holds the requests for its durable handler meanwhile.
 *
 * <p>It alone reads PID {@code daz.eventfilter} ({@code etc/daz.eventfilter.cfg}): prefix, admins and the
 * {@link CommandFilter}'s limits, which that filter takes from here ({@link #settings}) for each line. One file for
 * the operator, one reader, and an edit applies in place ({@link #modified}) instead of restarting this catalogue
 * and with it the chat handler and every plugin that looks commands up.
 */
@Component(
        service = {CommandCatalog.class, CommandRegistry.class},
        configurationPid = EventFilterConfiguration.PID)
@Designate(ocd = EventFilterConfiguration.class)
public class CommandRegistry implements CommandCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRegistry.class);

    // in order of arrival: a later service cannot take over a name or alias that is already served
    private final Map<Object, List<CommandInfo>> byService = new LinkedHashMap<>();
    private volatile Map<String, CommandInfo> lookup = Map.of();
    private volatile List<CommandInfo> sorted = List.of();
    private final UpdatingCommands updating;
    // replaced whole by an edit of etc/daz.eventfilter.cfg (@Modified): no restart of this or of what uses it
    private volatile CommandSettings settings;

    private volatile Database database;

    private final CommandMirror mirror = new CommandMirror(() -> Optional.ofNullable(database), () -> sorted);

    @Activate
    public CommandRegistry(EventFilterConfiguration config) {
        this(CommandSettings.of(config), System::currentTimeMillis);
        LOG.info("commands: {}", settings);
    }

    CommandRegistry(String prefix, List<String> admins) {
        this(prefix, admins, CommandSettings.DEFAULT_LIMITS.timeout(), System::currentTimeMillis);
    }

    /** With the default limits, except the command timeout: {@code updatingWindow}. */
    CommandRegistry(String prefix, List<String> admins, Duration updatingWindow, LongSupplier clock) {
        this(CommandSettings.of(prefix, admins, withTimeout(updatingWindow)), clock);
    }

    CommandRegistry(CommandSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.updating = new UpdatingCommands(settings.limits().timeout(), clock);
    }

    private static CommandDispatcher.Limits withTimeout(Duration timeout) {
        CommandDispatcher.Limits d = CommandSettings.DEFAULT_LIMITS;
        return new CommandDispatcher.Limits(
                d.spamCommands(), d.spamWindow(), d.refusalSilence(), timeout, d.auditArgsMax());
    }

    /**
     * {@code etc/daz.eventfilter.cfg} was edited: the next line is handled under the new settings. Nothing restarts:
     * not this catalogue (help and the {@link CommandFilter} keep their reference), not the chat handler, not a
     * command in flight.
     */
    @Modified
    void modified(EventFilterConfiguration config) {
        configure(CommandSettings.of(config));
    }

    void configure(CommandSettings next) {
        CommandSettings before = settings;
        settings = next;
        updating.window(next.limits().timeout());
        if (!next.equals(before)) {
            LOG.info("commands now: {}", next);
        }
    }

    /** The settings in force. */
    CommandSettings settings() {
        return settings;
    }

    /** The mirror table is rewritten whenever a database (re)appears. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDatabase")
    void bindDatabase(Database bound) {
        database = bound;
        mirror.changed();
    }

    void unbindDatabase(Database unbound) {
        if (database == unbound) {
            database = null;
        }
    }

    @Deactivate
    void deactivate() {
        mirror.close();
    }

    @Reference(
            service = EventHandler.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(" + EventHandler.TOPICS + "=" + Command.TOPIC_PREFIX + "*)")
    void addCommand(ServiceReference<EventHandler> reference) {
        add(reference, describe(reference::getProperty, bundleOf(reference)));
    }

    void updatedCommand(ServiceReference<EventHandler> reference) {
        addCommand(reference);
    }

    void removeCommand(ServiceReference<EventHandler> reference) {
        remove(reference);
    }

    synchronized void add(Object key, List<CommandInfo> commands) {
        byService.put(key, commands);
        rebuild();
        commands.forEach(c -> LOG.info("command registered: {}{} from {}", prefix(), c.name(), c.bundle()));
    }

    synchronized void remove(Object key) {
        List<CommandInfo> gone = byService.remove(key);
        rebuild();
        if (gone == null) {
            return;
        }
        for (CommandInfo c : gone) {
            if (lookup.containsKey(c.name())) {
                LOG.info("command unregistered: {}{} from {}", prefix(), c.name(), c.bundle());
            } else {
                updating.wentAway(c);
                LOG.info(
                        "command unregistered: {}{} from {}; its requests are held while it is updated",
                        prefix(),
                        c.name(),
                        c.bundle());
            }
        }
    }

    private void rebuild() {
        Map<String, CommandInfo> names = new HashMap<>();
        Map<String, CommandInfo> byName = new TreeMap<>();
        for (List<CommandInfo> served : byService.values()) {
            for (CommandInfo info : served) {
                if (names.putIfAbsent(info.name(), info) != null) {
                    LOG.warn("command {} from {} ignored: the name is taken", info.name(), info.bundle());
                    continue;
                }
                byName.put(info.name(), info);
                for (String alias : info.aliases()) {
                    names.putIfAbsent(alias, info);
                }
            }
        }
        lookup = Map.copyOf(names);
        sorted = List.copyOf(byName.values());
        updating.back(byName.keySet());
        mirror.changed();
    }

    /** The plugin that serves the command: named by the {@link PluginBridge} for the handlers it registers. */
    private static String bundleOf(ServiceReference<?> reference) {
        if (reference.getProperty(PluginBridge.PLUGIN) instanceof String plugin
                && reference.getBundle() != null
                && reference.getBundle().getBundleId()
                        == FrameworkUtil.getBundle(CommandRegistry.class).getBundleId()) {
            return plugin;
        }
        return reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
    }

    /** The commands a handler's service properties describe: one per {@code command.<name>} topic. */
    static List<CommandInfo> describe(java.util.function.Function<String, Object> properties, String bundle) {
        List<String> aliases = strings(properties.apply(Command.ALIASES)).stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
        int rank = integer(properties.apply(Command.MIN_RANK), 0);
        int cooldown = Math.max(0, integer(properties.apply(Command.COOLDOWN), 0));
        String description = string(properties.apply(Command.DESCRIPTION));
        String usage = string(properties.apply(Command.USAGE));
        List<CommandInfo> result = new ArrayList<>();
        for (String topic : strings(properties.apply(EventHandler.TOPICS))) {
            if (!topic.startsWith(Command.TOPIC_PREFIX)) {
                continue;
            }
            String name = topic.substring(Command.TOPIC_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.contains(".") || name.equals("*") || name.equals(">")) {
                continue;
            }
            result.add(new CommandInfo(name, aliases, rank, cooldown, description, usage, bundle));
        }
        return List.copyOf(result);
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] array) {
            return Arrays.asList(array);
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static int integer(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static String string(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    @Override
    public String prefix() {
        return settings.prefix();
    }

    @Override
    public List<CommandInfo> commands() {
        return sorted;
    }

    @Override
    public Optional<CommandInfo> find(String nameOrAlias) {
        return Optional.ofNullable(lookup.get(nameOrAlias.toLowerCase(Locale.ROOT)));
    }

    /**
     * The command of that name or alias whose handler went away within the command timeout (its plugin is being
     * updated); empty for one that is served, and for one nobody served lately.
     */
    Optional<CommandInfo> findUpdating(String nameOrAlias) {
        return updating.find(nameOrAlias);
    }

    /** Whether the command of that name has no handler now because its plugin is being updated. */
    boolean isUpdating(String name) {
        return !lookup.containsKey(name) && updating.contains(name);
    }

    @Override
    public boolean isAdmin(String user) {
        return settings.admins().contains(user.toLowerCase(Locale.ROOT));
    }
}
