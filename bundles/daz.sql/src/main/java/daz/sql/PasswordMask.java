package daz.sql;

import java.util.regex.Pattern;

/**
 * Masks what looks like a password in text bound for a log line or a status: the value of every {@code password=}
 * (a JDBC URL's parameter, or a driver's error message that quotes the URL), up to the next {@code &}, {@code ;} or
 * white space. The one place daz.sql does this, for the pool's status line and the journal writer's error lines.
 */
public final class PasswordMask {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private PasswordMask() {}

    public static String apply(String text) {
        return PASSWORD.matcher(text).replaceAll("$1***");
    }
}
