package daz.itests.eventfilter;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command of the reload scenario and how its answers are told apart: the plugin bundle that answers it, the line
 * asked for the i-th one, and the pattern of its answers; where the answer repeats the number asked (group 1), each
 * answer is matched to its question, else answers are matched to questions in order.
 *
 * @param plugin the symbolic name of the bundle that answers it
 * @param word the command's name, as a "being updated" or "failed" answer names it
 */
public record CommandKind(String plugin, String word, IntFunction<String> ask, Pattern answer) {

    /** The answer to the request, if it is one of this kind's: its number, or -1 when it repeats none. */
    public Optional<Integer> answerNumber(String text) {
        Matcher m = answer.matcher(text);
        if (m.matches()) {
            return Optional.of(m.groupCount() >= 1 ? Integer.parseInt(m.group(1)) : -1);
        }
        return text.startsWith("!" + word + " ") ? Optional.of(-1) : Optional.empty();
    }

    /** Whether its answers repeat the number asked. */
    public boolean numbered() {
        return answer.matcher("").groupCount() >= 1;
    }

    /** Whether the answer is the plugin's own (not the EventFilter's "being updated", "failed", ...). */
    public boolean isPluginAnswer(String text) {
        return answer.matcher(text).matches();
    }

    /**
     * The shipped plugins' commands and, if {@code benchPlugin} is given, the test plugin's {@code !bench}: the
     * commands of help, usertracker, analytics and the test plugin repeat what was asked.
     */
    public static List<CommandKind> shipped(Optional<String> benchPlugin) {
        List<CommandKind> kinds = new java.util.ArrayList<>(List.of(
                new CommandKind(
                        "daz.plugin.help",
                        "help",
                        i -> "!help x" + i,
                        Pattern.compile("No command !x(\\d+)\\. Try !help")),
                new CommandKind(
                        "daz.plugin.usertracker",
                        "seen",
                        i -> "!seen s" + i,
                        Pattern.compile("I have never seen s(\\d+) here\\.")),
                new CommandKind(
                        "daz.plugin.analytics",
                        "stats",
                        i -> "!stats q" + i,
                        Pattern.compile("q(\\d+) has said nothing here this week\\.")),
                new CommandKind("daz.plugin.about", "about", i -> "!about", Pattern.compile("Daz .*")),
                new CommandKind("daz.plugin.uptime", "uptime", i -> "!uptime", Pattern.compile("Bot up .*")),
                new CommandKind(
                        "daz.plugin.mediatracker",
                        "nowplaying",
                        i -> "!nowplaying",
                        Pattern.compile("Nothing is playing\\."))));
        benchPlugin.ifPresent(
                name -> kinds.add(new CommandKind(name, "bench", i -> "!bench " + i, Pattern.compile("pong (\\d+)"))));
        return List.copyOf(kinds);
    }
}
