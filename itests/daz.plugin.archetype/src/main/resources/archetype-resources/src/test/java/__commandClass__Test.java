package ${package};

import static org.junit.Assert.assertEquals;

import daz.api.command.CommandOrigin;
import daz.api.command.CommandRequest;
import org.junit.Test;

public class ${commandClass}Test {

    private static CommandRequest request(String args) {
        return new CommandRequest("channel", "alice", 0, false, "${command}", "${command}", args, CommandOrigin.CHAT);
    }

    @Test
    public void greetsTheCaller() {
        assertEquals("Hello, alice!", new ${commandClass}().answer(request("")));
    }

    @Test
    public void greetsWhomTheCallerNames() {
        assertEquals("Hello, bob!", new ${commandClass}().answer(request("bob")));
    }
}
