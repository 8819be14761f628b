package daz.core;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;

/** What the CyTube server's answers mean for the bot: which refusals are permanent, how event names become topics. */
final class ServerAnswers {

    private static final Pattern GUEST_DELAY = Pattern.compile("per (\\d+) seconds");

    private ServerAnswers() {}

    /** What a kick reason means: retry (the per-IP limit) or stop (everything else is not to be fought). */
    static boolean kickAllowsRetry(String reason) {
        return reason.startsWith("Too many connections");
    }

    /** Login errors that retrying cannot fix. */
    static boolean permanentLoginError(String error) {
        return error.startsWith("Invalid username/password")
                || error.startsWith("User does not exist")
                || error.startsWith("That username is registered")
                || error.startsWith("Invalid username");
    }

    /** Seconds to wait before another guest login, from the server's error, if it is the guest delay. */
    static Optional<Long> guestDelaySeconds(String error) {
        if (!error.startsWith("Guest logins are restricted")) {
            return Optional.empty();
        }
        Matcher m = GUEST_DELAY.matcher(error);
        return Optional.of(m.find() ? Long.parseLong(m.group(1)) : 60L);
    }

    /** The topic segment of an event name: characters a segment cannot hold become {@code _}. */
    static String topicSegment(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(name);
                }
                out.setCharAt(i, '_');
            }
        }
        return out == null ? name : out.toString();
    }

    /** A server text for a log line: at most 120 characters, control characters escaped. */
    static String excerpt(String text) {
        String oneLine = text.length() > 120 ? text.substring(0, 120) + "... (" + text.length() + " chars)" : text;
        StringBuilder out = new StringBuilder(oneLine.length());
        oneLine.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whether a connection failure means nothing answered: no connection, no answer in time, or HTTP 5xx. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException
                    || (t instanceof UpgradeException u && u.getResponseStatusCode() >= 500)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
