package daz.api.cytube;

import java.util.List;

/**
 * The users of a channel ({@code userlist}), sent once per join right before the channel has loaded: the first
 * {@code userlist} after a join marks the end of the replayed chat backlog.
 *
 * @param users everyone present, in the server's order
 */
public record UserList(List<User> users) {

    /** Copies the list, so the record stays immutable. */
    public UserList {
        users = List.copyOf(users);
    }
}
