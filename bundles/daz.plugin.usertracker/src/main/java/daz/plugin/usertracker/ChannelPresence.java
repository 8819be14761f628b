package daz.plugin.usertracker;

import daz.api.cytube.AfkChange;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.User;
import daz.api.cytube.UserLeft;
import daz.api.cytube.UserList;
import daz.api.cytube.UserRank;
import daz.api.event.ChannelEvent;
import daz.api.event.ChannelListener;
import daz.api.event.ChannelSubscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Follows who is in each channel: joins, leaves, AFK and rank changes, the userlist of each (re)join, and each user's
 * last line. One listener for all of them, so they are handled in the order the channel sent them. The replayed chat
 * backlog is taken too: a line is kept only when it is newer than the one kept, so a replay never goes back in time.
 * Last lines are written in batches ({@link PresenceBook}), so a busy channel costs one statement per interval.
 */
@Component(service = ChannelListener.class)
@ChannelSubscription(
        event = {"userlist", "addUser", "userLeave", "setAFK", "setUserRank", "chatMsg"},
        replayed = true)
public class ChannelPresence implements ChannelListener<Object> {

    private static final String SERVER = "[server]";

    private final PresenceBook book;
    private final PresenceLog log;

    @Activate
    public ChannelPresence(@Reference PresenceBook book, @Reference PresenceLog log) {
        this.book = book;
        this.log = log;
    }

    @Override
    public void on(ChannelEvent<Object> event) {
        String channel = event.channel();
        long at = event.source().receivedAt();
        Object payload = event.payload();
        if (payload instanceof UserList list) {
            book.record(channel, () -> book.present(channel, list.users(), at));
        } else if (payload instanceof User user) {
            book.record(channel, () -> log.joined(channel, user, at));
        } else if (payload instanceof UserLeft left) {
            book.record(channel, () -> log.left(channel, left.name(), at));
        } else if (payload instanceof AfkChange afk) {
            book.record(channel, () -> log.afk(channel, afk.name(), afk.afk(), at));
        } else if (payload instanceof UserRank rank) {
            book.record(channel, () -> log.rank(channel, rank.name(), rank.rank(), at));
        } else if (payload instanceof ChatMessage chat && !chat.serverWhisper() && !SERVER.equals(chat.username())) {
            book.said(channel, chat.username(), chat.text(), chat.time());
        }
    }
}
