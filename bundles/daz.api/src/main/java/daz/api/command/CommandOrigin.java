package daz.api.command;

/** Where a command was asked, and so where its reply goes. */
public enum CommandOrigin {
    /** In the channel's chat: the reply is said in the chat. */
    CHAT,
    /** In a private message to the bot: the reply goes back by PM to the caller. */
    PM
}
