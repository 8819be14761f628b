package daz.eventfilter;

/**
 * One row of {@code daz_eventfilter_history}.
 *
 * @param atMillis when the command was asked
 * @param channel the channel
 * @param user the caller
 * @param origin {@code chat} or {@code pm}
 * @param command the command's name
 * @param args the arguments as typed (unescaped text; stored through a parameter, never concatenated)
 * @param outcome {@code ok}, {@code denied}, {@code cooldown}, {@code spam}, {@code failed}, {@code timeout} or
 *     {@code gone}
 * @param latencyMillis from asking to the reply, -1 when nothing was dispatched
 */
record AuditEntry(
        long atMillis,
        String channel,
        String user,
        String origin,
        String command,
        String args,
        String outcome,
        long latencyMillis) {}
