package daz.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One channel the bot sits in: a factory configuration of PID {@value #PID}, one file
 * {@code etc/daz.core.channel-<name>.cfg} each.
 */
@ObjectClassDefinition(
        id = ChannelConfiguration.PID,
        name = "Daz CyTube channel",
        description = "A CyTube channel for the bot to join: one configuration per channel")
@interface ChannelConfiguration {

    /** The factory PID. */
    String PID = "daz.core.channel";

    @AttributeDefinition(
            name = "Server",
            description = "Base URL of the CyTube server; the socket server is found through"
                    + " <server>/socketconfig/<channel>.json")
    String server() default "https://cytu.be";

    @AttributeDefinition(name = "Channel", description = "The channel's name, as in <server>/r/<channel>")
    String channel() default "";

    @AttributeDefinition(name = "User", description = "The bot's user name (a registered account, or a guest name)")
    String user() default "";

    /**
     * Key {@code .password}: DS maps the single {@code _} to a {@code .} and never publishes a property whose key
     * starts with one.
     */
    @AttributeDefinition(
            name = "Password",
            description = "The account's password, under the key .password (private: never a service property,"
                    + " never logged); leave it out to join as a guest",
            type = AttributeType.PASSWORD,
            required = false)
    String _password() default "";

    /** The key of releases before {@code .password}: still read, with a hint to rename it. */
    @AttributeDefinition(
            name = "Password (old key)",
            description = "Old key of .password: still read, but rename it to .password",
            type = AttributeType.PASSWORD,
            required = false)
    String password() default "";

    @AttributeDefinition(name = "Reconnect attempts", description = "Failed attempts in a row before the cooldown")
    int reconnect_attempts() default 10;

    @AttributeDefinition(
            name = "Cooldown (s)",
            description = "Pause after that many failed attempts, in seconds (persisted: a restart honours it)")
    long cooldown_seconds() default 1800;

    @AttributeDefinition(
            name = "Login delay (ms)",
            description = "Longest wait between joining the channel and logging in; the bot logs in as soon as the"
                    + " channel has loaded (its user list arrived)")
    long login_delay_ms() default 2000;

    @AttributeDefinition(
            name = "First retry (ms)",
            description = "Delay before the first reconnect attempt; it doubles with each failure (with jitter)")
    long backoff_initial_ms() default 1000;

    @AttributeDefinition(name = "Longest retry delay (ms)", description = "Cap of the doubling delay")
    long backoff_max_ms() default 120_000;

    @AttributeDefinition(
            name = "Chat line limit",
            description = "Longest chat line the server takes (CyTube: 320 by default, at most 1000); longer"
                    + " messages are split at word boundaries")
    int chat_max_length() default 320;
}
