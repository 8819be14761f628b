package daz.eventfilter;

import daz.api.shell.TextTable;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code daz:rules}: the routing rules with their state and forwarded counts; {@code reload}, {@code add} and
 * {@code remove} to change them without SQL.
 */
@Component(
        service = RulesCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=rules"})
public class RulesCommand {

    private static final String USAGE =
            "usage: daz:rules [reload | add <name> <event> <target> [<pattern>]" + " | remove <name>]\n";

    private final RoutingFilter filter;

    @Activate
    public RulesCommand(@Reference RoutingFilter filter) {
        this.filter = filter;
    }

    @Descriptor(
            "lists the routing rules of daz_eventfilter_rules: state (active, disabled, refused and why), forwarded")
    public String rules() {
        return render(filter.table(), filter::forwarded);
    }

    @Descriptor("reload: reads daz_eventfilter_rules now and lists the rules")
    public String rules(@Descriptor("reload") String action) {
        if (!action.equals("reload")) {
            return USAGE;
        }
        RuleRouter.Reload reload = filter.reload();
        String head = reload.loaded()
                ? "Rules read.\n"
                : "Rules NOT read, the last loaded stay in force: "
                        + reload.error().orElse("") + "\n";
        return head + render(reload.table(), filter::forwarded);
    }

    @Descriptor("remove <name>: deletes the rule and reloads")
    public String rules(@Descriptor("remove") String action, @Descriptor("the rule's name") String name) {
        if (!action.equals("remove")) {
            return USAGE;
        }
        boolean removed;
        try {
            removed = filter.store().remove(name);
        } catch (RuntimeException e) {
            return "Rule '" + name + "' not removed: " + e.getMessage() + "\n";
        }
        return (removed ? "Rule '" + name + "' removed.\n" : "No rule '" + name + "'.\n") + rules("reload");
    }

    @Descriptor("add <name> <event> <target>: forwards every event of <event> (e.g. cytube.event.addUser) to <target>")
    public String rules(
            @Descriptor("add") String action,
            @Descriptor("the rule's name") String name,
            @Descriptor("topic or pattern of the events, e.g. cytube.event.chatMsg") String event,
            @Descriptor("topic to forward to, e.g. plugin.greeter.hello") String target) {
        return add(action, name, event, target, Optional.empty());
    }

    @Descriptor("add <name> <event> <target> <pattern>: forwards chat lines and PMs whose text the regex is found in")
    public String rules(
            @Descriptor("add") String action,
            @Descriptor("the rule's name") String name,
            @Descriptor("topic or pattern of the events, e.g. cytube.event.chatMsg") String event,
            @Descriptor("topic to forward to, e.g. plugin.greeter.hello") String target,
            @Descriptor("Java regex found in the text; quote it ('...')") String pattern) {
        return add(action, name, event, target, Optional.of(pattern));
    }

    private String add(String action, String name, String event, String target, Optional<String> pattern) {
        if (!action.equals("add")) {
            return USAGE;
        }
        RoutingRule rule = new RoutingRule(name, true, event, Optional.empty(), Optional.empty(), pattern, target);
        try {
            Route.compile(rule);
        } catch (IllegalArgumentException e) {
            return "Rule '" + name + "' not added: " + e.getMessage() + "\n";
        }
        try {
            filter.store().add(rule);
        } catch (RuntimeException e) {
            return "Rule '" + name + "' not added: " + e.getMessage() + "\n";
        }
        return "Rule '" + name + "' added.\n" + rules("reload");
    }

    static String render(RoutingTable table, ToLongFunction<String> forwarded) {
        if (table.entries().isEmpty()) {
            return "No routing rule. Add rows to daz_eventfilter.daz_eventfilter_rules, or: daz:rules add <name>"
                    + " <event> <target> [<pattern>]\n";
        }
        TextTable out = new TextTable(
                "Rule", "State", "Event", "Channel", "User", "Pattern", "Target", "Forwarded", "Why refused");
        for (RoutingTable.Entry entry : table.entries()) {
            RoutingRule rule = entry.rule();
            out.row(
                    rule.name(),
                    entry.state().name().toLowerCase(Locale.ROOT),
                    rule.event(),
                    rule.channel().orElse("*"),
                    rule.username().orElse("*"),
                    rule.pattern().orElse("-"),
                    rule.target(),
                    Long.toString(forwarded.applyAsLong(rule.name())),
                    entry.reason().orElse(""));
        }
        return out.render();
    }
}
