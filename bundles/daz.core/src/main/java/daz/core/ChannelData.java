package daz.core;

import daz.api.cytube.AfkChange;
import daz.api.cytube.ChannelOptions;
import daz.api.cytube.Media;
import daz.api.cytube.MovedEntry;
import daz.api.cytube.Playlist;
import daz.api.cytube.PlaylistEntry;
import daz.api.cytube.QueuedEntry;
import daz.api.cytube.Rank;
import daz.api.cytube.RemovedEntry;
import daz.api.cytube.User;
import daz.api.cytube.UserLeft;
import daz.api.cytube.UserList;
import daz.api.cytube.UserRank;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of a channel: users, playlist, current media, the bot's name and rank, the channel options. Written by
 * the channel's link thread (one event at a time), read from anywhere: every read sees an immutable snapshot.
 */
final class ChannelData {

    private volatile Map<String, User> users = Map.of();
    private volatile List<PlaylistEntry> playlist = List.of();
    private volatile Optional<Media> media = Optional.empty();
    private volatile Optional<String> botName = Optional.empty();
    private volatile int botRank = Rank.ANONYMOUS;
    private volatile Optional<ChannelOptions> options = Optional.empty();

    /** Applies a typed event to the state; events that do not concern it are ignored. */
    void apply(Object typed) {
        if (typed instanceof UserList list) {
            Map<String, User> next = new LinkedHashMap<>();
            list.users().forEach(u -> next.put(key(u.name()), u));
            users = java.util.Collections.unmodifiableMap(next);
        } else if (typed instanceof User user) {
            Map<String, User> next = new LinkedHashMap<>(users);
            next.put(key(user.name()), user);
            users = java.util.Collections.unmodifiableMap(next);
        } else if (typed instanceof UserLeft left) {
            if (users.containsKey(key(left.name()))) {
                Map<String, User> next = new LinkedHashMap<>(users);
                next.remove(key(left.name()));
                users = java.util.Collections.unmodifiableMap(next);
            }
        } else if (typed instanceof UserRank rank) {
            update(rank.name(), u -> u.withRank(rank.rank()));
        } else if (typed instanceof AfkChange afk) {
            update(afk.name(), u -> u.withAfk(afk.afk()));
        } else if (typed instanceof Rank rank) {
            botRank = rank.value();
        } else if (typed instanceof Media m) {
            media = Optional.of(m);
        } else if (typed instanceof Playlist p) {
            playlist = p.entries();
        } else if (typed instanceof QueuedEntry q) {
            List<PlaylistEntry> next = new ArrayList<>(playlist);
            next.add(positionAfter(next, q.after()), q.entry());
            playlist = List.copyOf(next);
        } else if (typed instanceof RemovedEntry r) {
            playlist = playlist.stream().filter(e -> e.uid() != r.uid()).toList();
        } else if (typed instanceof MovedEntry m) {
            List<PlaylistEntry> next = new ArrayList<>(playlist);
            Optional<PlaylistEntry> moving =
                    next.stream().filter(e -> e.uid() == m.uid()).findFirst();
            if (moving.isPresent()) {
                next.remove(moving.get());
                next.add(positionAfter(next, m.after()), moving.get());
                playlist = List.copyOf(next);
            }
        } else if (typed instanceof ChannelOptions o) {
            options = Optional.of(o);
        }
    }

    /** Forgets everything of the channel (the link is gone); the options stay as the best guess for the next join. */
    void clear() {
        users = Map.of();
        playlist = List.of();
        media = Optional.empty();
        botName = Optional.empty();
        botRank = Rank.ANONYMOUS;
    }

    void botName(String name) {
        botName = Optional.of(name);
    }

    Optional<String> botName() {
        return botName;
    }

    int botRank() {
        return botRank;
    }

    List<User> users() {
        return List.copyOf(users.values());
    }

    Optional<User> user(String name) {
        return Optional.ofNullable(users.get(key(name)));
    }

    Optional<Media> media() {
        return media;
    }

    List<PlaylistEntry> playlist() {
        return playlist;
    }

    Optional<ChannelOptions> options() {
        return options;
    }

    private void update(String name, java.util.function.UnaryOperator<User> change) {
        User user = users.get(key(name));
        if (user != null) {
            Map<String, User> next = new LinkedHashMap<>(users);
            next.put(key(name), change.apply(user));
            users = java.util.Collections.unmodifiableMap(next);
        }
    }

    private static int positionAfter(List<PlaylistEntry> entries, java.util.OptionalLong after) {
        if (after.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).uid() == after.getAsLong()) {
                return i + 1;
            }
        }
        return entries.size();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
